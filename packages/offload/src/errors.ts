import type { OffloadKey } from "./offload-key.js";

/**
 * `get` found no row for the key. Typed, so callers never match driver strings; since saves never delete, it
 * means the version was never written or was collected after it stopped being live.
 */
export class OffloadNotFoundError extends Error {
  override readonly name = "OffloadNotFoundError";
  readonly code = "NotFound";
  readonly clusterName: string;
  readonly uid: string;
  readonly version: string;

  constructor(key: OffloadKey & { clusterName: string }) {
    super(
      `offloaded node status not found: cluster "${key.clusterName}" uid "${key.uid}" version "${key.version}"`,
    );
    this.clusterName = key.clusterName;
    this.uid = key.uid;
    this.version = key.version;
  }
}

/** A stored `nodes` value is not a node map. The row is left in place for an operator to inspect. */
export class CorruptNodesError extends Error {
  override readonly name = "CorruptNodesError";
  readonly code = "CorruptNodes";
  readonly uid: string;
  readonly version: string;

  constructor(key: OffloadKey, problem: string, options?: { cause?: unknown }) {
    super(
      `offloaded nodes of uid "${key.uid}" version "${key.version}" are corrupt (row kept): ${problem}`,
      options,
    );
    this.uid = key.uid;
    this.version = key.version;
  }
}

/** A node map is larger than the repository's `maxNodesBytes`; nothing was written. */
export class NodesTooLargeError extends Error {
  override readonly name = "NodesTooLargeError";
  readonly code = "NodesTooLarge";
  readonly uid: string;
  readonly bytes: number;
  readonly maxBytes: number;

  constructor(uid: string, bytes: number, maxBytes: number) {
    super(
      `offload of uid "${uid}" refused: nodes are ${bytes} bytes of JSON, more than maxNodesBytes ${maxBytes}; ` +
        "raise maxNodesBytes (and MySQL's max_allowed_packet) to store larger node maps",
    );
    this.uid = uid;
    this.bytes = bytes;
    this.maxBytes = maxBytes;
  }
}

/** A repository call that failed for good (after retries, or at once for a permanent error); `cause` is the last error. */
export class OffloadStoreError extends Error {
  override readonly name = "OffloadStoreError";
  readonly code = "OffloadStore";
  readonly operation: string;
  readonly attempts: number;
  readonly transient: boolean;

  constructor(operation: string, attempts: number, transient: boolean, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `offload ${operation} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}` +
        `${transient ? " (database unavailable)" : ""}: ${why}`,
      { cause },
    );
    this.operation = operation;
    this.attempts = attempts;
    this.transient = transient;
  }
}

/** Offloading is switched off (Argo's `ExplosiveOffloadNodeStatusRepo`). */
export class OffloadDisabledError extends Error {
  override readonly name = "OffloadDisabledError";
  readonly code = "OffloadDisabled";
  constructor() {
    super("offload node status is not supported");
  }
}

export function isOffloadNotFound(err: unknown): err is OffloadNotFoundError {
  return err instanceof OffloadNotFoundError;
}

/**
 * `dehydrate` could not offload: Argo's text, `<too-large message>Tried to offload but encountered error: <error>`.
 * `cause` is the repository's error.
 */
export class OffloadFailedError extends Error {
  override readonly name = "OffloadFailedError";
  readonly code = "OffloadFailed";
  constructor(tooLargeMessage: string, cause: unknown) {
    super(
      `${tooLargeMessage}Tried to offload but encountered error: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
