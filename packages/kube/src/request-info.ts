/** Kubernetes API verbs, as request metrics label them. */
export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete";

/**
 * One finished API request, as hooks see it: enough for Argo's `k8s_request_total` and `k8s_request_duration`
 * (`kind`, `verb`, `status_code`). `statusCode` is 0 when no response arrived (connection refused or reset,
 * timeout, abort); `error` is then the network error. For a watch the request ends when the response headers
 * arrive (or it fails), not when the stream closes.
 */
export interface RequestInfo {
  readonly verb: Verb;
  /** The resource plural (`pods`, `workflows`), with `/subresource` when there is one (`workflows/status`). */
  readonly kind: string;
  readonly group: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly statusCode: number;
  /** From sending to the response headers, excluding the client-side rate limiter's wait. */
  readonly durationMs: number;
  /** Time spent waiting for a rate-limiter token before sending. */
  readonly rateLimitWaitMs: number;
  readonly error?: unknown;
}

/** Called once per request; a hook that throws is ignored. */
export type RequestHook = (info: RequestInfo) => void;
