import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DEFAULT_TABLE_NAME } from "./table-name.js";

export type Dialect = "postgres" | "mysql" | "sqlite";

/** One drizzle-kit migration, its SQL renamed for the configured table. */
export interface Migration {
  readonly tag: string;
  /** sha256 of the checked-in SQL file, so a file edited after it was applied is detected. */
  readonly hash: string;
  readonly statements: readonly string[];
}

export interface MigrationReport {
  /** Migrations this call ran. */
  readonly applied: readonly string[];
  /** Migrations already recorded (by an earlier start or a racing controller). */
  readonly skipped: readonly string[];
  /** Migrations recorded without running because the table already existed (an Argo-made table). */
  readonly adopted: readonly string[];
}

/** The six columns every offload table has; an existing table with all of them is adopted. */
export const OFFLOAD_COLUMNS = ["clustername", "uid", "namespace", "version", "nodes", "updatedat"] as const;

const BREAKPOINT = "--> statement-breakpoint";
const MIGRATIONS_ROOT = new URL("../migrations/", import.meta.url);

interface Journal {
  readonly entries: ReadonlyArray<{ readonly idx: number; readonly tag: string }>;
}

/** Rewrites quoted identifiers `argo_workflows…` to the configured table name. */
export function renameTable(statement: string, tableName: string): string {
  if (tableName === DEFAULT_TABLE_NAME) return statement;
  return statement.replace(/([`"])argo_workflows/g, (_m, quote: string) => `${quote}${tableName}`);
}

const cache = new Map<string, Promise<Migration[]>>();

/** `readMigrations` of the package's own `migrations/` folder, read once per dialect and table name. */
export function loadMigrations(dialect: Dialect, tableName: string): Promise<Migration[]> {
  const key = `${dialect}/${tableName}`;
  let loaded = cache.get(key);
  if (loaded === undefined) {
    loaded = readMigrations(dialect, tableName);
    loaded.catch(() => cache.delete(key));
    cache.set(key, loaded);
  }
  return loaded;
}

/** Reads `migrations/<dialect>` (drizzle-kit's `meta/_journal.json` and `<tag>.sql` files) in journal order. */
export async function readMigrations(
  dialect: Dialect,
  tableName: string,
  root: URL = MIGRATIONS_ROOT,
): Promise<Migration[]> {
  const dir = new URL(`${dialect}/`, root);
  const journal = JSON.parse(await readFile(new URL("meta/_journal.json", dir), "utf8")) as Journal;
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  const migrations: Migration[] = [];
  for (const entry of entries) {
    const text = await readFile(new URL(`${entry.tag}.sql`, dir), "utf8");
    migrations.push({
      tag: entry.tag,
      hash: createHash("sha256").update(text).digest("hex"),
      statements: text
        .split(BREAKPOINT)
        .map((s) => s.trim())
        .filter((s) => s !== "")
        .map((s) => renameTable(s, tableName)),
    });
  }
  return migrations;
}

/** What a dialect offers the runner; every call happens while the dialect's migration lock is held. */
export interface MigrationSession {
  ensureHistoryTable(): Promise<void>;
  /** tag -> hash of recorded migrations. */
  recorded(): Promise<ReadonlyMap<string, string>>;
  /** Column names of the offload table, or `undefined` when it does not exist. */
  tableColumns(): Promise<readonly string[] | undefined>;
  exec(statement: string): Promise<void>;
  record(tag: string, hash: string): Promise<void>;
}

/** Applies what is not recorded yet, in order. Must be called with the migration lock held. */
export async function runMigrations(
  session: MigrationSession,
  migrations: readonly Migration[],
  tableName: string,
): Promise<MigrationReport> {
  await session.ensureHistoryTable();
  const recorded = await session.recorded();
  const applied: string[] = [];
  const skipped: string[] = [];
  const adopted: string[] = [];
  for (const [i, migration] of migrations.entries()) {
    const hash = recorded.get(migration.tag);
    if (hash !== undefined) {
      if (hash !== migration.hash) {
        throw new Error(
          `offload migration ${migration.tag} of table "${tableName}" was applied with a different SQL file ` +
            `(recorded sha256 ${hash}, now ${migration.hash}); migrations must never be edited once released`,
        );
      }
      skipped.push(migration.tag);
      continue;
    }
    if (i === 0 && recorded.size === 0) {
      const columns = await session.tableColumns();
      if (columns !== undefined) {
        const have = new Set(columns.map((c) => c.toLowerCase()));
        const missing = OFFLOAD_COLUMNS.filter((c) => !have.has(c));
        if (missing.length > 0) {
          throw new Error(
            `table "${tableName}" exists but is not an offload table: missing column(s) ${missing.join(", ")}`,
          );
        }
        await session.record(migration.tag, migration.hash);
        adopted.push(migration.tag);
        continue;
      }
    }
    for (const statement of migration.statements) await session.exec(statement);
    await session.record(migration.tag, migration.hash);
    applied.push(migration.tag);
  }
  return { applied, skipped, adopted };
}
