import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type Migration, type MigrationReport, type MigrationSession, runMigrations } from "./migrations.js";
import type { OffloadKey } from "./offload-key.js";
import { postgresOffloadTable } from "./schema-postgres.js";
import { chunks, type OffloadStore, type StoreRow, unwrapped } from "./store.js";

export interface PostgresStoreOptions {
  /** `postgres://user:pass@host:5432/db` (ignored when `pool` is given). */
  readonly url?: string;
  /** An existing pool; the store does not close it. */
  readonly pool?: pg.Pool;
  readonly tableName: string;
  /** Connections of the pool the store creates. Default 10. */
  readonly poolMax?: number;
  /** Give up connecting after this long (the attempt then counts as a transient failure). Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Errors of idle pooled connections (a restarted server); without a listener `pg` would crash the process. */
  readonly onBackgroundError?: (err: unknown) => void;
}

/** Keys deleted per statement: `unnest` of two arrays keeps it one round trip per 5,000 rows. */
const DELETE_CHUNK = 5000;

/** The offload table on PostgreSQL through drizzle-orm's node-postgres driver. */
export function postgresStore(options: PostgresStoreOptions): OffloadStore {
  const ownsPool = options.pool === undefined;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    });
  pool.on("error", (err) => options.onBackgroundError?.(err));
  const db = drizzle({ client: pool });
  const t = postgresOffloadTable(options.tableName);
  const history = sql.identifier(`${options.tableName}_migrations`);

  const where = (clustername: string, key: OffloadKey): SQL | undefined =>
    and(eq(t.clustername, clustername), eq(t.uid, key.uid), eq(t.version, key.version));
  const inNamespace = (clustername: string, namespace: string): SQL | undefined =>
    namespace === ""
      ? eq(t.clustername, clustername)
      : and(eq(t.clustername, clustername), eq(t.namespace, namespace));

  return {
    dialect: "postgres",
    tableName: options.tableName,

    migrate: (migrations: readonly Migration[], lockTimeoutMs: number): Promise<MigrationReport> =>
      unwrapped(() =>
        db.transaction(async (tx) => {
          // Transactional DDL: the lock, the DDL and the history row commit (or roll back) together.
          await tx.execute(sql.raw(`SET LOCAL lock_timeout = '${Math.max(1, Math.round(lockTimeoutMs))}ms'`));
          await tx.execute(
            sql`SELECT pg_advisory_xact_lock(hashtext('weft_offload_migrate:' || current_schema() || '.' || ${options.tableName}))`,
          );
          const session: MigrationSession = {
            async ensureHistoryTable() {
              await tx.execute(
                sql`CREATE TABLE IF NOT EXISTS ${history} ("tag" varchar(255) PRIMARY KEY, "hash" varchar(64) NOT NULL, "applied_at" timestamp NOT NULL DEFAULT now())`,
              );
            },
            async recorded() {
              const r = await tx.execute<{ tag: string; hash: string }>(
                sql`SELECT "tag", "hash" FROM ${history}`,
              );
              return new Map(r.rows.map((row) => [row.tag, row.hash]));
            },
            async tableColumns() {
              const r = await tx.execute<{ column_name: string }>(
                sql`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${options.tableName}`,
              );
              return r.rows.length === 0 ? undefined : r.rows.map((row) => row.column_name);
            },
            async exec(statement) {
              await tx.execute(sql.raw(statement));
            },
            async record(tag, hash) {
              await tx.execute(sql`INSERT INTO ${history} ("tag", "hash") VALUES (${tag}, ${hash})`);
            },
          };
          return runMigrations(session, migrations, options.tableName);
        }),
      ),

    upsert: (row: StoreRow) =>
      unwrapped(async () => {
        await db
          .insert(t)
          .values(row)
          .onConflictDoUpdate({
            target: [t.clustername, t.uid, t.version],
            set: { updatedat: sql`greatest(${t.updatedat}, excluded."updatedat")` },
          });
      }),

    selectNodes: (clustername, key) =>
      unwrapped(async () => {
        const rows = await db
          .select({ nodes: sql<string>`${t.nodes}::text` })
          .from(t)
          .where(where(clustername, key))
          .limit(1);
        return rows[0]?.nodes;
      }),

    selectAll: (clustername, namespace) =>
      unwrapped(() =>
        db
          .select({ uid: t.uid, version: t.version, nodes: sql<string>`${t.nodes}::text` })
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
        const r = await db.delete(t).where(where(clustername, key));
        return r.rowCount ?? 0;
      }),

    deleteOlderThan: (clustername, keys, cutoff) =>
      unwrapped(async () => {
        let deleted = 0;
        for (const part of chunks(keys, DELETE_CHUNK)) {
          const uids = part.map((k) => k.uid);
          const versions = part.map((k) => k.version);
          const r = await db
            .delete(t)
            .where(
              and(
                eq(t.clustername, clustername),
                lt(t.updatedat, cutoff),
                sql`(${t.uid}, ${t.version}) IN (SELECT * FROM unnest(${sql.param(uids)}::text[], ${sql.param(versions)}::text[]))`,
              ),
            );
          deleted += r.rowCount ?? 0;
        }
        return deleted;
      }),

    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
