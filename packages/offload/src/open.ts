import type BetterSqlite3 from "better-sqlite3";
import type mysql from "mysql2/promise";
import type pg from "pg";
import { mysqlStore } from "./mysql-store.js";
import { postgresStore } from "./postgres-store.js";
import type { OffloadRepository } from "./repository.js";
import { createSqlRepository, type RepositoryOptions } from "./sql-repository.js";
import { sqliteStore } from "./sqlite-store.js";
import type { OffloadStore } from "./store.js";
import { checkTableName, DEFAULT_TABLE_NAME } from "./table-name.js";

export type Backend = "postgres" | "mysql" | "sqlite";

export interface OpenOptions extends RepositoryOptions {
  /**
   * Where the table lives; the scheme picks the backend: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`,
   * `sqlite:<path>` / `sqlite::memory:`. Alternatively give `pool` (pg or mysql2/promise) or `sqlite` (an open database)
   * with `backend`.
   */
  readonly url?: string;
  readonly backend?: Backend;
  readonly pgPool?: pg.Pool;
  readonly mysqlPool?: mysql.Pool;
  readonly sqlite?: BetterSqlite3.Database;
  /** Argo's `persistence.<db>.tableName`. Default "argo_workflows". */
  readonly tableName?: string;
  /** Pool size for the servers. Default 10. */
  readonly poolMax?: number;
  /** Connect timeout for the servers. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** SQLite: how long a statement waits for another connection's write lock before SQLITE_BUSY. Default 5 s. */
  readonly busyTimeoutMs?: number;
  /** Errors of idle pooled connections (they never crash the process). */
  readonly onBackgroundError?: (err: unknown) => void;
}

/** The backend a URL names, or a `TypeError` naming the field. */
export function backendOf(url: string): Backend {
  const scheme = /^([a-z0-9+]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case "postgres":
    case "postgresql":
      return "postgres";
    case "mysql":
    case "mariadb":
      return "mysql";
    case "sqlite":
      return "sqlite";
    default:
      throw new TypeError(
        `url: unsupported scheme ${scheme === undefined ? "(none)" : `"${scheme}:"`}; use postgres://, mysql://, mariadb:// or sqlite:<path>`,
      );
  }
}

/** `sqlite:/abs/x.db`, `sqlite:///abs/x.db`, `sqlite:rel/x.db`, `sqlite::memory:` -> a better-sqlite3 path. */
export function sqlitePath(url: string): string {
  let rest = url.replace(/^sqlite:/i, "");
  if (rest.startsWith("//")) rest = rest.slice(2);
  if (rest === "") throw new TypeError("url: sqlite URL has no path (use sqlite:<file> or sqlite::memory:)");
  return rest;
}

/** Builds the store for `options` without connecting. */
export function openStore(options: OpenOptions): OffloadStore {
  const tableName = checkTableName(options.tableName ?? DEFAULT_TABLE_NAME);
  const backend =
    options.backend ??
    (options.url !== undefined
      ? backendOf(options.url)
      : options.pgPool
        ? "postgres"
        : options.mysqlPool
          ? "mysql"
          : options.sqlite
            ? "sqlite"
            : undefined);
  if (backend === undefined) {
    throw new TypeError(
      "url: required (or pgPool / mysqlPool / sqlite); e.g. sqlite::memory: for an embedded table",
    );
  }
  const server = {
    ...(options.poolMax !== undefined ? { poolMax: options.poolMax } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
  };
  switch (backend) {
    case "postgres":
      if (options.url === undefined && options.pgPool === undefined)
        throw new TypeError("url: required for postgres");
      return postgresStore({
        tableName,
        ...server,
        ...(options.pgPool ? { pool: options.pgPool } : { url: options.url ?? "" }),
      });
    case "mysql":
      if (options.url === undefined && options.mysqlPool === undefined)
        throw new TypeError("url: required for mysql");
      return mysqlStore({
        tableName,
        ...server,
        ...(options.mysqlPool ? { pool: options.mysqlPool } : { url: options.url ?? "" }),
      });
    case "sqlite":
      return sqliteStore({
        tableName,
        ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
        ...(options.sqlite
          ? { database: options.sqlite }
          : { path: sqlitePath(options.url ?? "sqlite::memory:") }),
      });
  }
}

/**
 * Opens the offload repository. Nothing connects until the first call; the first call migrates the table
 * (idempotent, under a lock) and a database that is down is retried with Argo's backoffs, then fails clearly.
 */
export function openOffloadRepository(options: OpenOptions): OffloadRepository {
  return createSqlRepository(openStore(options), options);
}
