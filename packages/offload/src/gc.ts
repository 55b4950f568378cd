import type { OffloadKey } from "./offload-key.js";
import type { OffloadRepository } from "./repository.js";

/**
 * What `liveVersionOf` answers for one uid: the version(s) that must survive (the workflow's
 * `status.offloadNodeStatusVersion`, plus any an in-flight update still holds), or `undefined` / `""` when none
 * does (the workflow is gone, or keeps its nodes inline).
 */
export type LiveVersions = string | readonly string[] | undefined;

export interface GarbageCollectionOptions {
  /** Versions last saved more than this many milliseconds ago are candidates (`OFFLOAD_NODE_STATUS_TTL`, 5 min). */
  readonly ttl: number;
  /** Only this namespace ("" or absent: every namespace, Argo's `managedNamespace` unset). */
  readonly namespace?: string;
  /** The live version of a workflow, from the informer cache (Argo's UID index). */
  liveVersionOf(uid: string): LiveVersions | Promise<LiveVersions>;
  /**
   * Runs `fn` holding the workflow's key lock (the one the controller holds while it operates on it), as Argo's GC
   * does. With it each workflow is checked and cleaned under its lock; without it the deletes are batched.
   */
  readonly lock?: <T>(uid: string, fn: () => Promise<T>) => Promise<T>;
  /** Stops between workflows; the report then says `aborted`. */
  readonly signal?: AbortSignal;
}

export interface GarbageCollectionReport {
  /** `updatedat` before this was old. */
  readonly cutoff: Date;
  /** Workflows (uids) that had old versions. */
  readonly workflows: number;
  /** Old versions listed. */
  readonly listed: number;
  /** Rows deleted. */
  readonly deleted: number;
  /** Old versions kept because they are live. */
  readonly spared: readonly OffloadKey[];
  /** Workflows skipped because `liveVersionOf` or `lock` failed (their versions are all kept). */
  readonly failures: ReadonlyArray<{ readonly uid: string; readonly error: unknown }>;
  readonly aborted: boolean;
}

function liveSet(live: LiveVersions): Set<string> {
  if (live === undefined || live === "") return new Set();
  if (typeof live === "string") return new Set([live]);
  return new Set(live.filter((v) => v !== ""));
}

function checkOptions(options: GarbageCollectionOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("options: must be an object");
  if (typeof options.ttl !== "number" || !Number.isFinite(options.ttl) || options.ttl < 0) {
    throw new TypeError(`ttl: must be a finite number of milliseconds >= 0, got ${String(options.ttl)}`);
  }
  if (typeof options.liveVersionOf !== "function") throw new TypeError("liveVersionOf: must be a function");
  if (options.lock !== undefined && typeof options.lock !== "function")
    throw new TypeError("lock: must be a function");
}

/**
 * One pass of Argo's offload GC (`workflowGarbageCollector`), for the controller to call every `WORKFLOW_GC_PERIOD`:
 * lists versions older than `ttl`, and deletes every one that is not live. A workflow that no longer exists loses
 * all its old versions; a live version is never deleted; a version saved again after the listing survives (the
 * delete re-checks `updatedat` in the same statement). Database errors reject (an `OffloadStoreError`).
 */
export async function collectGarbage(
  repo: OffloadRepository,
  options: GarbageCollectionOptions,
): Promise<GarbageCollectionReport> {
  checkOptions(options);
  const cutoff = new Date(repo.now() - options.ttl);
  const old = await repo.listOlderThan(options.namespace ?? "", cutoff);
  const spared: OffloadKey[] = [];
  const failures: Array<{ uid: string; error: unknown }> = [];
  const pending: OffloadKey[] = [];
  let listed = 0;
  let deleted = 0;
  let aborted = false;

  const condemn = async (uid: string, versions: readonly string[]): Promise<OffloadKey[]> => {
    const live = liveSet(await options.liveVersionOf(uid));
    const doomed: OffloadKey[] = [];
    for (const version of versions) {
      if (live.has(version)) spared.push({ uid, version });
      else doomed.push({ uid, version });
    }
    return doomed;
  };

  for (const [uid, versions] of old) {
    listed += versions.length;
    if (options.signal?.aborted) {
      aborted = true;
      continue;
    }
    try {
      if (options.lock) {
        deleted += await options.lock(uid, async () =>
          repo.deleteOlderThan(await condemn(uid, versions), cutoff),
        );
      } else {
        pending.push(...(await condemn(uid, versions)));
      }
    } catch (error) {
      if (options.lock && isStoreError(error)) throw error;
      failures.push({ uid, error });
    }
  }
  if (pending.length > 0) deleted += await repo.deleteOlderThan(pending, cutoff);
  return { cutoff, workflows: old.size, listed, deleted, spared, failures, aborted };
}

function isStoreError(err: unknown): boolean {
  return err instanceof Error && err.name === "OffloadStoreError";
}
