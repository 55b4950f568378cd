import { createHash } from "node:crypto";
import { and, eq, lt, or, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { type Migration, type MigrationReport, type MigrationSession, runMigrations } from "./migrations.js";
import type { OffloadKey } from "./offload-key.js";
import { mysqlOffloadTable } from "./schema-mysql.js";
import { chunks, type OffloadStore, type StoreRow, unwrapped } from "./store.js";

export interface MysqlStoreOptions {
  /** `mysql://user:pass@host:3306/db` (ignored when `pool` is given). */
  readonly url?: string;
  /** An existing `mysql2/promise` pool; the store does not close it. Create it with `jsonStrings: true`. */
  readonly pool?: mysql.Pool;
  readonly tableName: string;
  /** Connections of the pool the store creates. Default 10. */
  readonly poolMax?: number;
  /** Give up connecting after this long. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Errors of idle pooled connections. */
  readonly onBackgroundError?: (err: unknown) => void;
}

/** Keys per DELETE: `(uid = ? AND version = ?) OR …` stays an index range scan and far below 65,535 placeholders. */
const DELETE_CHUNK = 1000;

/** `updatedat` is Argo's `timestamp` (whole seconds): write whole seconds so comparisons are exact. */
function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function mysqlUrl(url: string): string {
  // mysql2 reads `mysql://`; accept `mariadb://` too.
  return url.replace(/^mariadb:\/\//, "mysql://");
}

/** The offload table on MySQL 8 / MariaDB 10.5+ through drizzle-orm's mysql2 driver. */
export function mysqlStore(options: MysqlStoreOptions): OffloadStore {
  const ownsPool = options.pool === undefined;
  const pool =
    options.pool ??
    mysql.createPool({
      uri: mysqlUrl(options.url ?? "mysql://root@127.0.0.1:3306/argo"),
      connectionLimit: options.poolMax ?? 10,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      // nodes come back as the stored text, not re-parsed by the driver; dates are UTC.
      jsonStrings: true,
      timezone: "Z",
    });
  // Every session reads and writes TIMESTAMP in UTC, whatever the server's zone.
  pool.pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
    conn.on("error", (err) => options.onBackgroundError?.(err));
  });
  // (no `mode` key: drizzle 0.45 then mistakes the config object for the client)
  const db = drizzle({ client: pool });
  const t = mysqlOffloadTable(options.tableName);
  const history = `\`${options.tableName}_migrations\``;

  const where = (clustername: string, key: OffloadKey): SQL | undefined =>
    and(eq(t.clustername, clustername), eq(t.uid, key.uid), eq(t.version, key.version));
  const inNamespace = (clustername: string, namespace: string): SQL | undefined =>
    namespace === ""
      ? eq(t.clustername, clustername)
      : and(eq(t.clustername, clustername), eq(t.namespace, namespace));

  return {
    dialect: "mysql",
    tableName: options.tableName,

    async migrate(migrations: readonly Migration[], lockTimeoutMs: number): Promise<MigrationReport> {
      const conn = await pool.getConnection();
      // GET_LOCK names are server-wide and at most 64 characters: hash the database and table.
      const [[dbRow]] = (await conn.query("SELECT DATABASE() AS db")) as unknown as [[{ db: string | null }]];
      const lockName = `weft_offload:${createHash("sha1")
        .update(`${dbRow?.db ?? ""}.${options.tableName}`)
        .digest("hex")}`;
      try {
        const [[lock]] = (await conn.query("SELECT GET_LOCK(?, ?) AS ok", [
          lockName,
          Math.max(1, Math.ceil(lockTimeoutMs / 1000)),
        ])) as unknown as [[{ ok: number | null }]];
        if (lock?.ok !== 1) {
          throw new Error(
            `offload migration of table "${options.tableName}": another controller held the migration lock for more than ${lockTimeoutMs} ms`,
          );
        }
        try {
          const session: MigrationSession = {
            async ensureHistoryTable() {
              await conn.query(
                `CREATE TABLE IF NOT EXISTS ${history} (\`tag\` varchar(255) NOT NULL PRIMARY KEY, \`hash\` varchar(64) NOT NULL, \`applied_at\` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
              );
            },
            async recorded() {
              const [rows] = (await conn.query(`SELECT \`tag\`, \`hash\` FROM ${history}`)) as unknown as [
                Array<{ tag: string; hash: string }>,
              ];
              return new Map(rows.map((r) => [r.tag, r.hash]));
            },
            async tableColumns() {
              const [rows] = (await conn.query(
                "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?",
                [options.tableName],
              )) as unknown as [Array<{ name: string }>];
              return rows.length === 0 ? undefined : rows.map((r) => r.name);
            },
            async exec(statement) {
              await conn.query(statement);
            },
            async record(tag, hash) {
              await conn.query(`INSERT INTO ${history} (\`tag\`, \`hash\`) VALUES (?, ?)`, [tag, hash]);
            },
          };
          return await runMigrations(session, migrations, options.tableName);
        } finally {
          await conn.query("SELECT RELEASE_LOCK(?)", [lockName]);
        }
      } finally {
        conn.release();
      }
    },

    upsert: (row: StoreRow) =>
      unwrapped(async () => {
        const updatedat = wholeSeconds(row.updatedat);
        await db
          .insert(t)
          .values({ ...row, updatedat })
          .onDuplicateKeyUpdate({
            set: { updatedat: sql`greatest(${t.updatedat}, values(${t.updatedat}))` },
          });
      }),

    selectNodes: (clustername, key) =>
      unwrapped(async () => {
        const rows = await db.select({ nodes: t.nodes }).from(t).where(where(clustername, key)).limit(1);
        return rows[0]?.nodes;
      }),

    selectAll: (clustername, namespace) =>
      unwrapped(() =>
        db
          .select({ uid: t.uid, version: t.version, nodes: t.nodes })
          .from(t)
          .where(inNamespace(clustername, namespace)),
      ),

    selectOlderThan: (clustername, namespace, cutoff) =>
      unwrapped(() =>
        db
          .select({ uid: t.uid, version: t.version })
          .from(t)
          .where(and(inNamespace(clustername, namespace), lt(t.updatedat, cutoff))),
      ),

    delete: (clustername, key) =>
      unwrapped(async () => {
        const [r] = await db.delete(t).where(where(clustername, key));
        return r.affectedRows;
      }),

    deleteOlderThan: (clustername, keys, cutoff) =>
      unwrapped(async () => {
        let deleted = 0;
        for (const part of chunks(keys, DELETE_CHUNK)) {
          const [r] = await db
            .delete(t)
            .where(
              and(
                eq(t.clustername, clustername),
                lt(t.updatedat, cutoff),
                or(...part.map((k) => and(eq(t.uid, k.uid), eq(t.version, k.version)))),
              ),
            );
          deleted += r.affectedRows;
        }
        return deleted;
      }),

    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
