/**
 * The hook between an API server and whatever runs pods: the server's `pods/log` subresource asks a
 * `PodLogSource` for the bytes. The local kubelet implements it when it runs in the same process as the
 * embedded server (`Kubelet.logSource`); the server maps a `PodLogError` to a `Status` with its code and reason.
 */
export interface PodLogRequest {
  readonly namespace: string;
  /** The pod's name. */
  readonly name: string;
  /** Required when the pod has more than one container (init containers count). */
  readonly container?: string;
  readonly follow?: boolean;
  /** The log of the previous run of a restarted container. */
  readonly previous?: boolean;
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly limitBytes?: number;
  readonly sinceSeconds?: number;
  /** RFC 3339 time. */
  readonly sinceTime?: string;
}

export interface PodLogSource {
  /**
   * Opens the log the request names. Rejects with `PodLogError` when it cannot (unknown container, container
   * not started yet, pod not on this node). The stream ends when the log ends (follow: when the container's run
   * ends) or when `signal` aborts.
   */
  openLog(request: PodLogRequest, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
}

/** Why a log cannot be served, with the HTTP code and Kubernetes `Status` reason to answer with. */
export class PodLogError extends Error {
  override readonly name = "PodLogError";
  readonly code: 400 | 404;
  readonly reason: "BadRequest" | "NotFound";

  constructor(code: 400 | 404, message: string) {
    super(message);
    this.code = code;
    this.reason = code === 400 ? "BadRequest" : "NotFound";
  }
}
