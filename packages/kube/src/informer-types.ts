import type { KubeObject } from "./types.js";

/** What an informer's handlers are told. Handlers run synchronously, in order; one that throws is logged and skipped. */
export interface InformerHandlers<T extends KubeObject> {
  /** `initialList`: the object came with the first list (or was replayed to a handler added later). */
  onAdd?(obj: T, info: { readonly initialList: boolean }): void;
  /** `resync`: a periodic resync re-delivered the cached object (`oldObj === newObj`). */
  onUpdate?(oldObj: T, newObj: T, info: { readonly resync: boolean }): void;
  /** `finalStateUnknown`: the delete was inferred by a re-list, so `obj` is the last state seen. */
  onDelete?(obj: T, info: { readonly finalStateUnknown: boolean }): void;
}

export type InformerPhase = "idle" | "listing" | "watching" | "backoff" | "stopped";

/** A snapshot of an informer, for logs, metrics and readiness. */
export interface InformerState {
  readonly phase: InformerPhase;
  readonly synced: boolean;
  /** The last resourceVersion seen (list, event or bookmark); a reconnect watches from here. */
  readonly resourceVersion: string;
  readonly objects: number;
  /** Completed lists, the first included. */
  readonly lists: number;
  /** Watch requests started. */
  readonly watches: number;
  /** Re-lists forced by 410 Gone (watch too old, or the list's continue token expired). */
  readonly goneRelists: number;
  /** Re-lists forced because the watch was silent longer than `livenessTimeoutMs`. */
  readonly livenessRelists: number;
  /** Failed lists and watches (each followed by a backoff). */
  readonly errors: number;
  /** Objects skipped because they failed to decode. */
  readonly undecodable: number;
  readonly lastError: string | undefined;
  /** When the next attempt starts, in clock time, while in `backoff`. */
  readonly retryAt: number | undefined;
}
