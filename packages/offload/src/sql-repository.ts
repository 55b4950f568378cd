import { offloadVersion } from "@weft/contracts";
import { type Clock, type RetryHooks, type RetryOptions, retry, type Verdict } from "@weft/retry";
import { HYDRATOR_READ_RETRY, HYDRATOR_WRITE_RETRY } from "./backoffs.js";
import { classifyOffloadError } from "./classify-offload.js";
import { CorruptNodesError, NodesTooLargeError, OffloadNotFoundError, OffloadStoreError } from "./errors.js";
import { loadMigrations, type MigrationReport } from "./migrations.js";
import { checkNodes, type Nodes, nodesShapeProblem } from "./nodes.js";
import {
  checkClusterName,
  checkNamespace,
  checkNamespaceFilter,
  checkUid,
  checkVersion,
  type OffloadKey,
} from "./offload-key.js";
import type { OffloadedNodes, OffloadRepository } from "./repository.js";
import type { OffloadStore } from "./store.js";

/** Argo's `persistence.clusterName` default. */
export const DEFAULT_CLUSTER_NAME = "default";
/** Largest node map (bytes of JSON) `save` accepts by default. */
export const DEFAULT_MAX_NODES_BYTES = 32 * 1024 * 1024;

export interface RepositoryOptions {
  /** Rows are scoped to this cluster (`clustername` column). Default "default". */
  readonly clusterName?: string;
  /** Wall-clock epoch milliseconds for `updatedat` and TTL cut-offs. Default `Date.now`. */
  readonly now?: () => number;
  /** `save` refuses larger node maps with `NodesTooLargeError`. Default 32 MiB. */
  readonly maxNodesBytes?: number;
  /** Overrides of Argo's hydrator read backoff (5 steps, 100 ms, x2) used by get/list/listOld. */
  readonly readRetry?: RetryOptions;
  /** Overrides of Argo's hydrator write backoff (5 steps, 1 s, x2) used by save/delete/migrate. */
  readonly writeRetry?: RetryOptions;
  /** The clock retries wait on (a `FakeClock` in tests). */
  readonly retryClock?: Clock;
  /** What is transient. Default: `classifyOffloadError` (PostgreSQL, MySQL, SQLite, network, "no more rows in"). */
  readonly classify?: (err: unknown) => Verdict;
  /** Retry events, e.g. for logs and metrics ("Transient error" at info). */
  readonly hooks?: RetryHooks;
  /** How long a migration waits for another controller's migration lock. Default 60 s. */
  readonly migrationLockTimeoutMs?: number;
}

function checkPositiveInteger(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${field}: must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function checkTtl(ttlMs: unknown): number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs < 0) {
    throw new TypeError(`ttl: must be a finite number of milliseconds >= 0, got ${String(ttlMs)}`);
  }
  return ttlMs;
}

function checkCutoff(cutoff: unknown): Date {
  if (!(cutoff instanceof Date) || Number.isNaN(cutoff.getTime())) {
    throw new TypeError("cutoff: must be a valid Date");
  }
  return cutoff;
}

function groupByUid(keys: readonly OffloadKey[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of keys) {
    const list = out.get(k.uid);
    if (list === undefined) out.set(k.uid, [k.version]);
    else list.push(k.version);
  }
  return out;
}

/** Parses a stored `nodes` value; Argo's `null` (nil map) reads as `{}`. */
function parseNodes(key: OffloadKey, text: string): Nodes {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CorruptNodesError(key, `not JSON (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
  if (value === null) return {};
  const problem = nodesShapeProblem(value);
  if (problem !== undefined) throw new CorruptNodesError(key, problem);
  return value as Nodes;
}

/** The repository over one SQL store: validation, versioning, JSON, migrations on first use, retries. */
export function createSqlRepository(store: OffloadStore, options: RepositoryOptions = {}): OffloadRepository {
  const clusterName = checkClusterName(options.clusterName ?? DEFAULT_CLUSTER_NAME);
  const now = options.now ?? Date.now;
  const maxNodesBytes = checkPositiveInteger(
    "maxNodesBytes",
    options.maxNodesBytes ?? DEFAULT_MAX_NODES_BYTES,
  );
  const lockTimeoutMs = checkPositiveInteger(
    "migrationLockTimeoutMs",
    options.migrationLockTimeoutMs ?? 60_000,
  );
  const classify = options.classify ?? classifyOffloadError;
  const common: RetryOptions = {
    classify,
    ...(options.retryClock ? { clock: options.retryClock } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  };
  const readRetry: RetryOptions = { ...HYDRATOR_READ_RETRY, ...common, ...options.readRetry };
  const writeRetry: RetryOptions = { ...HYDRATOR_WRITE_RETRY, ...common, ...options.writeRetry };

  let migrated: Promise<MigrationReport> | undefined;
  const migrateOnce = (): Promise<MigrationReport> => {
    if (migrated === undefined) {
      const attempt = loadMigrations(store.dialect, store.tableName).then((m) =>
        store.migrate(m, lockTimeoutMs),
      );
      migrated = attempt.catch((err: unknown) => {
        migrated = undefined; // a failed migration is tried again by the next call
        throw err;
      });
    }
    return migrated;
  };

  /** Runs `fn` (after migrating) with retries; failures become an `OffloadStoreError` carrying the driver error. */
  async function run<T>(operation: string, policy: RetryOptions, fn: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await retry(
        async () => {
          attempts++;
          await migrateOnce();
          return await fn();
        },
        { ...policy, operation: `offload.${operation}` },
      );
    } catch (err) {
      throw new OffloadStoreError(operation, attempts, classify(err).transient, err);
    }
  }

  return {
    clusterName,
    isEnabled: () => true,
    now,

    async migrate() {
      let attempts = 0;
      try {
        return await retry(
          () => {
            attempts++;
            return migrateOnce();
          },
          { ...writeRetry, operation: "offload.migrate" },
        );
      } catch (err) {
        throw new OffloadStoreError("migrate", attempts, classify(err).transient, err);
      }
    },

    async save(uid, namespace, nodes) {
      checkUid(uid);
      checkNamespace(namespace);
      if (nodes !== null) checkNodes(nodes);
      const json = JSON.stringify(nodes);
      const bytes = Buffer.byteLength(json, "utf8");
      if (bytes > maxNodesBytes) throw new NodesTooLargeError(uid, bytes, maxNodesBytes);
      const version = offloadVersion(nodes);
      const updatedat = new Date(now());
      await run(`save uid=${uid} version=${version}`, writeRetry, () =>
        store.upsert({ clustername: clusterName, uid, namespace, version, nodes: json, updatedat }),
      );
      return version;
    },

    async get(uid, version) {
      const key = { uid: checkUid(uid), version: checkVersion(version) };
      const text = await run(`get uid=${uid} version=${version}`, readRetry, () =>
        store.selectNodes(clusterName, key),
      );
      if (text === undefined) throw new OffloadNotFoundError({ clusterName, ...key });
      return parseNodes(key, text);
    },

    async list(namespace) {
      checkNamespaceFilter(namespace);
      const rows = await run(`list namespace=${namespace}`, readRetry, () =>
        store.selectAll(clusterName, namespace),
      );
      return rows.map(
        (r): OffloadedNodes => ({ uid: r.uid, version: r.version, nodes: parseNodes(r, r.nodes) }),
      );
    },

    async listOld(namespace, ttlMs) {
      checkNamespaceFilter(namespace);
      const cutoff = new Date(now() - checkTtl(ttlMs));
      const keys = await run(`listOld namespace=${namespace}`, readRetry, () =>
        store.selectOlderThan(clusterName, namespace, cutoff),
      );
      return groupByUid(keys);
    },

    async listOlderThan(namespace, cutoff) {
      checkNamespaceFilter(namespace);
      checkCutoff(cutoff);
      const keys = await run(`listOld namespace=${namespace}`, readRetry, () =>
        store.selectOlderThan(clusterName, namespace, cutoff),
      );
      return groupByUid(keys);
    },

    async delete(uid, version) {
      const key = { uid: checkUid(uid), version: checkVersion(version) };
      return run(`delete uid=${uid} version=${version}`, writeRetry, () => store.delete(clusterName, key));
    },

    async deleteOlderThan(keys, cutoff) {
      checkCutoff(cutoff);
      for (const k of keys) {
        checkUid(k.uid);
        checkVersion(k.version);
      }
      if (keys.length === 0) return 0;
      return run(`delete ${keys.length} old versions`, writeRetry, () =>
        store.deleteOlderThan(clusterName, keys, cutoff),
      );
    },

    close: () => store.close(),
  };
}
