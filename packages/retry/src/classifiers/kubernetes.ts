import { asRecord, firstInChain, numberProp } from "../error-chain.js";
import { retryAfterFromHeaders } from "../retry-after.js";
import { type Classifier, permanent, transient, type Verdict } from "../verdict.js";

/** The parts of a Kubernetes `Status` (meta/v1) body that callers read. */
export interface KubeStatus {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly retryAfterSeconds?: number;
    readonly causes?: ReadonlyArray<{
      readonly reason?: string;
      readonly field?: string;
      readonly message?: string;
    }>;
  };
}

/** Parses a `Status` from a response body (JSON text or an object); `undefined` when it is not one. */
export function parseKubeStatus(body: unknown): KubeStatus | undefined {
  let value = body;
  if (typeof value === "string") {
    if (!value.trimStart().startsWith("{")) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const rec = asRecord(value);
  if (rec?.kind !== "Status") return undefined;
  const details = asRecord(rec.details);
  return {
    code: numberProp(rec, "code") ?? 0,
    reason: typeof rec.reason === "string" ? rec.reason : "",
    message: typeof rec.message === "string" ? rec.message : "",
    ...(details ? { details: details as NonNullable<KubeStatus["details"]> } : {}),
  };
}

/**
 * The Kubernetes `Status` an error carries: `@kubernetes/client-node` 2.x throws `ApiException` with the HTTP
 * `code`, the response `body` as text and the `headers`; other clients put the Status in `body` or `status`.
 */
export function kubeStatusOf(e: unknown): { status: KubeStatus; headers: unknown } | undefined {
  const rec = asRecord(e);
  if (!rec) return undefined;
  for (const candidate of [rec.body, rec.status, asRecord(rec.response)?.body]) {
    const status = parseKubeStatus(candidate);
    if (status) {
      const httpCode = numberProp(rec, "code") ?? numberProp(rec, "statusCode");
      return {
        status: status.code === 0 && httpCode !== undefined ? { ...status, code: httpCode } : status,
        headers: rec.headers ?? asRecord(rec.response)?.headers,
      };
    }
  }
  return undefined;
}

function retryAfter(status: KubeStatus, headers: unknown): number | undefined {
  const fromDetails = status.details?.retryAfterSeconds;
  return typeof fromDetails === "number" && fromDetails > 0
    ? fromDetails * 1000
    : retryAfterFromHeaders(headers);
}

/** Argo's `isTransientErr` rules for API Status errors, in its order. */
export function classifyKubeStatus(status: KubeStatus, headers?: unknown): Verdict {
  const { code, reason, message } = status;
  const what = `Kubernetes ${code} ${reason || "(no reason)"}`;
  if (code === 403 || reason === "Forbidden") {
    return message.includes("exceeded quota")
      ? transient("kubernetes", `${what}: exceeded quota`)
      : permanent("kubernetes", what);
  }
  if (code === 429 || reason === "TooManyRequests") {
    return transient("kubernetes", what, retryAfter(status, headers));
  }
  if (code === 409 || reason === "Conflict" || reason === "AlreadyExists") {
    return message.includes("Operation cannot be fulfilled on resourcequota") ||
      status.details?.kind === "resourcequotas"
      ? transient("kubernetes", `${what}: resource quota conflict`)
      : permanent("kubernetes", what);
  }
  if (reason === "ServerTimeout" || reason === "Timeout" || code === 504) {
    return transient("kubernetes", what, retryAfter(status, headers));
  }
  if (code === 503 || reason === "ServiceUnavailable") {
    return transient("kubernetes", what, retryAfter(status, headers));
  }
  if (code === 500 || reason === "InternalError") {
    return message.includes("resource quota evaluation timed out")
      ? transient("kubernetes", `${what}: resource quota evaluation timed out`)
      : permanent("kubernetes", what);
  }
  if (code >= 500 && code !== 501) return transient("kubernetes", what);
  return permanent("kubernetes", what);
}

/**
 * Kubernetes API `Status` errors. A plain 409 Conflict, a 404 and every other 4xx are permanent; so is a 500
 * InternalError unless it is the resource-quota timeout (the etcd messages are caught earlier by `messages`).
 */
export const kubernetes: Classifier = (err) =>
  firstInChain(err, (e) => {
    const found = kubeStatusOf(e);
    return found ? classifyKubeStatus(found.status, found.headers) : undefined;
  });
