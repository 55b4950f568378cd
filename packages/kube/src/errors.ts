import { classify, type KubeStatus, parseKubeStatus } from "@weft/retry";

/** The meta/v1 `Status` reader is @weft/retry's, so classification and typed errors read bodies alike. */
export { type KubeStatus, parseKubeStatus as parseStatus };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * A failed API call: the HTTP `code`, the Status `reason` and `message`, the response `body` as text and the
 * `headers`, the same shape as client-node's `ApiException`, so `@weft/retry`'s classifier reads it as well.
 * Subclasses name the outcomes controllers branch on; `transient` says whether retrying may help.
 */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: KubeStatus | undefined;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Whether `@weft/retry` classifies this failure as transient (429, 503, 504, most 5xx, ...). */
  readonly transient: boolean;
  /** The server's hint (Retry-After, retryAfterSeconds), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(code: number, body: string, headers: Readonly<Record<string, string>> = {}, context?: string) {
    const status = parseKubeStatus(body);
    const reason = status?.reason || defaultReason(code);
    const message = status?.message || body.slice(0, 200) || `HTTP ${code}`;
    super(status?.message || context === undefined ? message : `${context}: ${message}`);
    this.name = new.target.name;
    this.code = code;
    this.reason = reason;
    this.status = status;
    this.body = body;
    this.headers = headers;
    const verdict = classify({ code, body, headers });
    this.transient = verdict.transient;
    this.retryAfterMs = verdict.retryAfterMs;
  }
}

/** 404: the object (or its namespace, or the resource type) does not exist. */
export class NotFoundError extends KubeApiError {}
/** 409 Conflict: the write carried a stale `resourceVersion` (or a precondition failed). Re-read and retry. */
export class ConflictError extends KubeApiError {}
/** 409 AlreadyExists: create of a name that is taken. */
export class AlreadyExistsError extends KubeApiError {}
/** 422 Invalid: the object failed validation; `status.details.causes` names the fields. */
export class InvalidError extends KubeApiError {}
/** 410 Gone / Expired: a resourceVersion (or continue token) too old to serve; re-list. */
export class GoneError extends KubeApiError {}

function defaultReason(code: number): string {
  switch (code) {
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    default:
      return code >= 500 ? "InternalError" : "Unknown";
  }
}

/** Builds the typed error for a failed response. */
export function apiError(
  code: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
  context?: string,
): KubeApiError {
  const reason = parseKubeStatus(body)?.reason ?? "";
  if (code === 404) return new NotFoundError(code, body, headers, context);
  if (code === 409) {
    return reason === "AlreadyExists"
      ? new AlreadyExistsError(code, body, headers, context)
      : new ConflictError(code, body, headers, context);
  }
  if (code === 410 || reason === "Expired" || reason === "Gone")
    return new GoneError(code, body, headers, context);
  if (code === 422 || reason === "Invalid") return new InvalidError(code, body, headers, context);
  return new KubeApiError(code, body, headers, context);
}

/**
 * The typed error for anything carrying an HTTP `code` and a `body` (client-node's `ApiException`, whose body is
 * the Status as JSON text, or an object): the error itself if already typed, undefined for other errors.
 */
export function toKubeApiError(err: unknown): KubeApiError | undefined {
  if (err instanceof KubeApiError) return err;
  const rec = record(err);
  if (rec === undefined || typeof rec.code !== "number" || rec.code < 400) return undefined;
  const body =
    typeof rec.body === "string" ? rec.body : rec.body === undefined ? "" : JSON.stringify(rec.body);
  const headers = record(rec.headers) as Record<string, string> | undefined;
  return apiError(rec.code, body, headers ?? {});
}

export const isNotFound = (err: unknown): boolean => toKubeApiError(err) instanceof NotFoundError;
export const isConflict = (err: unknown): boolean => toKubeApiError(err) instanceof ConflictError;
export const isAlreadyExists = (err: unknown): boolean => toKubeApiError(err) instanceof AlreadyExistsError;
export const isInvalid = (err: unknown): boolean => toKubeApiError(err) instanceof InvalidError;
export const isGone = (err: unknown): boolean => toKubeApiError(err) instanceof GoneError;
