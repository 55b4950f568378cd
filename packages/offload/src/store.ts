import type { Dialect, Migration, MigrationReport } from "./migrations.js";
import type { OffloadKey } from "./offload-key.js";

/** A row as the repository writes it; `nodes` is the JSON text. */
export interface StoreRow {
  readonly clustername: string;
  readonly uid: string;
  readonly namespace: string;
  readonly version: string;
  readonly nodes: string;
  readonly updatedat: Date;
}

export interface StoreNodesRow extends OffloadKey {
  readonly nodes: string;
}

/**
 * The SQL a dialect runs for the repository, nothing more: no validation, retries or parsing. Each backend
 * (PostgreSQL, MySQL, SQLite) implements it with drizzle-orm. Errors are the driver's own (drizzle's wrapper removed).
 */
export interface OffloadStore {
  readonly dialect: Dialect;
  readonly tableName: string;
  /**
   * Applies `migrations` under the dialect's lock (advisory lock / GET_LOCK / BEGIN IMMEDIATE). `lockTimeoutMs`
   * bounds the wait for the server locks; SQLite waits its busy timeout and reports SQLITE_BUSY (retried).
   */
  migrate(migrations: readonly Migration[], lockTimeoutMs: number): Promise<MigrationReport>;
  /** INSERT; on a duplicate key only `updatedat` moves forward (never back). Never deletes. */
  upsert(row: StoreRow): Promise<void>;
  selectNodes(clustername: string, key: OffloadKey): Promise<string | undefined>;
  /** `namespace` "" = every namespace. */
  selectAll(clustername: string, namespace: string): Promise<StoreNodesRow[]>;
  selectOlderThan(clustername: string, namespace: string, cutoff: Date): Promise<OffloadKey[]>;
  delete(clustername: string, key: OffloadKey): Promise<number>;
  /** Deletes the given keys whose `updatedat` is still before `cutoff` (a version saved again since is kept). */
  deleteOlderThan(clustername: string, keys: readonly OffloadKey[], cutoff: Date): Promise<number>;
  close(): Promise<void>;
}

/** drizzle wraps driver errors in `DrizzleQueryError`, whose message holds every parameter (1 MiB of nodes). */
export function driverError(err: unknown): unknown {
  let e = err;
  for (let i = 0; i < 5; i++) {
    if (
      e instanceof Error &&
      e.name !== "OffloadNotFoundError" &&
      "query" in e &&
      "params" in e &&
      e.cause !== undefined
    ) {
      e = e.cause;
    } else {
      break;
    }
  }
  return e;
}

/** Runs `fn` and rethrows the driver's error instead of drizzle's wrapper. */
export async function unwrapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw driverError(err);
  }
}

/** Splits `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
