import Database from "better-sqlite3";
import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { type Migration, type MigrationReport, type MigrationSession, runMigrations } from "./migrations.js";
import { sqliteOffloadTable } from "./schema-sqlite.js";
import type { OffloadStore, StoreRow } from "./store.js";
import { unwrapped } from "./store.js";

export interface SqliteStoreOptions {
  /** A file path, or `":memory:"` for a private in-memory database (ignored when `database` is given). */
  readonly path?: string;
  /** An open better-sqlite3 database; the store does not close it. */
  readonly database?: Database.Database;
  readonly tableName: string;
  /** How long a statement waits for another connection's write lock (SQLite `busy_timeout`). Default 5 s. */
  readonly busyTimeoutMs?: number;
}

/** The offload table in SQLite (embedded, no server) through drizzle-orm's better-sqlite3 driver. */
export function sqliteStore(options: SqliteStoreOptions): OffloadStore {
  const owns = options.database === undefined;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const t = sqliteOffloadTable(options.tableName);
  const history = `"${options.tableName}_migrations"`;
  const inNamespace = (clustername: string, namespace: string): SQL | undefined =>
    namespace === ""
      ? eq(t.clustername, clustername)
      : and(eq(t.clustername, clustername), eq(t.namespace, namespace));
  const p = (name: string) => sql.placeholder(name);
  const prepare = (db: BetterSQLite3Database) => ({
    // Prepared once per connection: SQLite statements are then reused, not re-planned on every call.
    upsert: db
      .insert(t)
      .values({
        clustername: p("clustername"),
        uid: p("uid"),
        namespace: p("namespace"),
        version: p("version"),
        nodes: p("nodes"),
        updatedat: p("updatedat"),
      })
      .onConflictDoUpdate({
        target: [t.clustername, t.uid, t.version],
        set: { updatedat: sql`max(${t.updatedat}, excluded."updatedat")` },
      })
      .prepare(),
    selectNodes: db
      .select({ nodes: t.nodes })
      .from(t)
      .where(and(eq(t.clustername, p("clustername")), eq(t.uid, p("uid")), eq(t.version, p("version"))))
      .prepare(),
    selectOld: db
      .select({ uid: t.uid, version: t.version })
      .from(t)
      .where(
        and(
          eq(t.clustername, p("clustername")),
          eq(t.namespace, p("namespace")),
          lt(t.updatedat, p("cutoff")),
        ),
      )
      .prepare(),
    selectOldAll: db
      .select({ uid: t.uid, version: t.version })
      .from(t)
      .where(and(eq(t.clustername, p("clustername")), lt(t.updatedat, p("cutoff"))))
      .prepare(),
    delete: db
      .delete(t)
      .where(and(eq(t.clustername, p("clustername")), eq(t.uid, p("uid")), eq(t.version, p("version"))))
      .prepare(),
    deleteOld: db
      .delete(t)
      .where(
        and(
          eq(t.clustername, p("clustername")),
          eq(t.uid, p("uid")),
          eq(t.version, p("version")),
          lt(t.updatedat, p("cutoff")),
        ),
      )
      .prepare(),
  });

  // Opened on first use, so a path that cannot be opened is a failed call (an OffloadStoreError), not a throw here.
  let opened:
    | { sqlite: Database.Database; db: BetterSQLite3Database; q: ReturnType<typeof prepare> | undefined }
    | undefined;
  const open = () => {
    if (opened === undefined) {
      const sqlite = options.database ?? new Database(options.path ?? ":memory:", { timeout: busyTimeoutMs });
      if (owns && sqlite.name !== ":memory:") sqlite.pragma("journal_mode = WAL");
      opened = { sqlite, db: drizzle({ client: sqlite }), q: undefined };
    }
    return opened;
  };
  /** The prepared statements (the table exists by then: the repository migrates before any of them). */
  const q = () => {
    const o = open();
    o.q ??= prepare(o.db);
    return o.q;
  };

  return {
    dialect: "sqlite",
    tableName: options.tableName,

    async migrate(migrations: readonly Migration[], _lockTimeoutMs: number): Promise<MigrationReport> {
      const { sqlite } = open();
      // Fast path without the write lock: everything is recorded already (every start after the first).
      const hasHistory = sqlite
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
        .get(`${options.tableName}_migrations`);
      if (hasHistory !== undefined) {
        const recorded = new Map(
          (
            sqlite.prepare(`SELECT "tag", "hash" FROM ${history}`).all() as Array<{
              tag: string;
              hash: string;
            }>
          ).map((r) => [r.tag, r.hash]),
        );
        if (migrations.every((m) => recorded.get(m.tag) === m.hash)) {
          return { applied: [], skipped: migrations.map((m) => m.tag), adopted: [] };
        }
      }
      // BEGIN IMMEDIATE takes the database's write lock. The wait is busy_timeout, kept short because better-sqlite3
      // blocks the thread while it waits; a longer hold is SQLITE_BUSY, which the repository retries (write backoff).
      // A racing process then finds the history this one recorded. DDL is transactional in SQLite.
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const session: MigrationSession = {
          async ensureHistoryTable() {
            sqlite.exec(
              `CREATE TABLE IF NOT EXISTS ${history} ("tag" text PRIMARY KEY NOT NULL, "hash" text NOT NULL, "applied_at" integer NOT NULL DEFAULT (cast(unixepoch('subsec') * 1000 as integer)))`,
            );
          },
          async recorded() {
            const rows = sqlite.prepare(`SELECT "tag", "hash" FROM ${history}`).all() as Array<{
              tag: string;
              hash: string;
            }>;
            return new Map(rows.map((r) => [r.tag, r.hash]));
          },
          async tableColumns() {
            const rows = sqlite
              .prepare("SELECT name FROM pragma_table_info(?)")
              .all(options.tableName) as Array<{
              name: string;
            }>;
            return rows.length === 0 ? undefined : rows.map((r) => r.name);
          },
          async exec(statement) {
            sqlite.exec(statement);
          },
          async record(tag, hash) {
            sqlite.prepare(`INSERT INTO ${history} ("tag", "hash") VALUES (?, ?)`).run(tag, hash);
          },
        };
        const report = await runMigrations(session, migrations, options.tableName);
        sqlite.exec("COMMIT");
        return report;
      } catch (err) {
        if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
        throw err;
      }
    },

    upsert: (row: StoreRow) =>
      unwrapped(async () => {
        q().upsert.run({ ...row }); // values() placeholders go through the column encoder: a Date
      }),

    selectNodes: (clustername, key) =>
      unwrapped(async () => q().selectNodes.get({ clustername, ...key })?.nodes),

    selectAll: (clustername, namespace) =>
      unwrapped(async () =>
        open()
          .db.select({ uid: t.uid, version: t.version, nodes: t.nodes })
          .from(t)
          .where(inNamespace(clustername, namespace))
          .all(),
      ),

    selectOlderThan: (clustername, namespace, cutoff) =>
      unwrapped(async () =>
        namespace === ""
          ? q().selectOldAll.all({ clustername, cutoff: cutoff.getTime() })
          : q().selectOld.all({ clustername, namespace, cutoff: cutoff.getTime() }),
      ),

    delete: (clustername, key) => unwrapped(async () => q().delete.run({ clustername, ...key }).changes),

    deleteOlderThan: (clustername, keys, cutoff) =>
      unwrapped(async () => {
        const { sqlite } = open();
        const stmt = q().deleteOld;
        const at = cutoff.getTime();
        // One transaction, one prepared statement per key: SQLite deletes 100k keys in well under a second.
        return sqlite.transaction(() => {
          let deleted = 0;
          for (const k of keys)
            deleted += stmt.run({ clustername, uid: k.uid, version: k.version, cutoff: at }).changes;
          return deleted;
        })();
      }),

    async close() {
      if (owns) opened?.sqlite.close();
      opened = undefined;
    },
  };
}
