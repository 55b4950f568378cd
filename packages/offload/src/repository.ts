import type { MigrationReport } from "./migrations.js";
import type { Nodes } from "./nodes.js";
import type { OffloadKey } from "./offload-key.js";

/** A stored version with its nodes, as `list` returns it. */
export interface OffloadedNodes extends OffloadKey {
  readonly nodes: Nodes;
}

/**
 * Node-status offload storage (Argo's `OffloadNodeStatusRepo`), scoped to one cluster name.
 *
 * The rule operators can rely on: **`save` never deletes.** Old versions go only through `delete`/`deleteOlderThan`,
 * which the periodic GC (`collectGarbage`) calls and which never touches the version a live workflow references.
 */
export interface OffloadRepository {
  readonly clusterName: string;
  /** `false` only for the disabled repository, whose every method throws "offload node status is not supported". */
  isEnabled(): boolean;
  /** Wall-clock milliseconds this repository stamps `updatedat` with (injected in tests). */
  now(): number;
  /** Creates or upgrades the table (idempotent, under a lock). Every other method calls it first. */
  migrate(): Promise<MigrationReport>;
  /**
   * Stores `nodes` under their content version (`offloadVersion`, "fnv:<n>") and returns it. Saving a version that
   * exists succeeds and only refreshes its `updatedat`. Never deletes anything.
   */
  save(uid: string, namespace: string, nodes: Nodes | null): Promise<string>;
  /** The nodes of one version; `OffloadNotFoundError` when there is no such row, `CorruptNodesError` when unreadable. */
  get(uid: string, version: string): Promise<Nodes>;
  /** Every stored version in `namespace` ("" = all namespaces) with its nodes. */
  list(namespace: string): Promise<OffloadedNodes[]>;
  /** uid -> versions whose `updatedat` is more than `ttlMs` ago (Argo's `ListOldOffloads`). */
  listOld(namespace: string, ttlMs: number): Promise<Map<string, string[]>>;
  /** uid -> versions whose `updatedat` is before `cutoff`. */
  listOlderThan(namespace: string, cutoff: Date): Promise<Map<string, string[]>>;
  /** Deletes one version; resolves to the number of rows deleted (0 or 1). */
  delete(uid: string, version: string): Promise<number>;
  /**
   * Deletes the given versions that are still older than `cutoff`. A version saved again after it was listed has a
   * fresh `updatedat` and survives: this closes the race between listing and deleting.
   */
  deleteOlderThan(keys: readonly OffloadKey[], cutoff: Date): Promise<number>;
  close(): Promise<void>;
}
