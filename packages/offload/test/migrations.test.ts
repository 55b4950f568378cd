import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";
import { FakeClock } from "@weft/retry";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { OffloadStoreError } from "../src/errors.ts";
import { openOffloadRepository, sqlitePath } from "../src/open.ts";
import type { OffloadRepository } from "../src/repository.ts";
import { BACKENDS, createTestDatabase, type TestDatabase } from "./databases.ts";
import { q, type RawSql, rawSql } from "./raw.ts";

/** Waits (without sleeping a fixed time) until `check` holds, polling the database. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Argo's offload table as its own migrations leave it (`persist/sqldb/migrate.go`). */
function argoDdl(): string {
  return (
    "CREATE TABLE argo_workflows (clustername varchar(64) not null, uid varchar(128) not null, version varchar(64), " +
    "namespace varchar(256) not null, nodes json not null, updatedat timestamp not null default current_timestamp, " +
    "primary key (clustername, uid, version))"
  );
}

async function indexNames(raw: RawSql, db: TestDatabase, table: string): Promise<string[]> {
  const rows =
    db.backend === "postgres"
      ? await raw.query("SELECT indexname AS name FROM pg_indexes WHERE tablename = ?", [table])
      : db.backend === "mysql"
        ? await raw.query(
            "SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ?",
            [table],
          )
        : await raw.query("SELECT name FROM pragma_index_list(?)", [table]);
  return rows.map((r) => String(r.name));
}

describe.each(BACKENDS)("migrations on %s", (backend) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  async function fresh() {
    const db = await createTestDatabase(backend);
    cleanup.push(() => db.drop());
    const raw = await rawSql(db);
    cleanup.push(() => raw.close());
    return { db, raw };
  }
  function open(
    db: TestDatabase,
    extra: Parameters<typeof openOffloadRepository>[0] = {},
  ): OffloadRepository {
    const repo = openOffloadRepository({ url: db.url, retryClock: new FakeClock({ auto: true }), ...extra });
    cleanup.push(() => repo.close());
    return repo;
  }

  it("creates Argo's table, primary key and index once; later starts skip", async () => {
    const { db, raw } = await fresh();
    expect(await open(db).migrate()).toEqual({ applied: ["0000_init"], skipped: [], adopted: [] });
    expect(await open(db).migrate()).toEqual({ applied: [], skipped: ["0000_init"], adopted: [] });
    expect(await indexNames(raw, db, "argo_workflows")).toEqual(
      expect.arrayContaining(["argo_workflows_i1"]),
    );
    const history = await raw.query(`SELECT tag FROM ${q(db, "argo_workflows_migrations")}`);
    expect(history.map((r) => r.tag)).toEqual(["0000_init"]);
  });

  it("two controllers starting at once: one migrates, the other waits and skips", async () => {
    const { db, raw } = await fresh();
    let reports: unknown[];
    if (backend === "sqlite") {
      // Two threads with their own connections to the same file, released together.
      const gate = new SharedArrayBuffer(8);
      const flag = new Int32Array(gate);
      const workers = [0, 1].map(
        () =>
          new Worker(new URL("./migrate-worker.mjs", import.meta.url), { workerData: { url: db.url, gate } }),
      );
      const results = workers.map(
        (w) =>
          new Promise<unknown>((resolve, reject) => {
            w.once("message", (m: { report?: unknown; error?: string }) =>
              m.error ? reject(new Error(m.error)) : resolve(m.report),
            );
            w.once("error", reject);
          }),
      );
      await until(async () => Atomics.load(flag, 1) === 2, "both workers are ready");
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      reports = await Promise.all(results);
      await Promise.all(workers.map((w) => w.terminate()));
    } else {
      reports = await Promise.all([open(db).migrate(), open(db).migrate()]);
    }
    expect(reports).toEqual(
      expect.arrayContaining([
        { applied: ["0000_init"], skipped: [], adopted: [] },
        { applied: [], skipped: ["0000_init"], adopted: [] },
      ]),
    );
    expect(await raw.query(`SELECT tag FROM ${q(db, "argo_workflows_migrations")}`)).toHaveLength(1);
  }, 20_000);

  it("waits for the migration lock another controller holds", async () => {
    const { db, raw } = await fresh();
    if (backend === "sqlite") {
      // Another connection holds the write lock; the migration's BEGIN IMMEDIATE is SQLITE_BUSY (transient) and
      // is retried with Argo's write backoff until the lock is released.
      const other = new Database(sqlitePath(db.url));
      cleanup.push(async () => {
        other.close();
      });
      other.exec("BEGIN IMMEDIATE");
      const retries: string[] = [];
      const repo = open(db, {
        busyTimeoutMs: 50,
        hooks: {
          onRetry: (e) => {
            retries.push(`${e.verdict.classifier}: ${e.verdict.reason} after ${e.delayMs} ms`);
            other.exec("COMMIT");
          },
        },
      });
      expect(await repo.migrate()).toEqual({ applied: ["0000_init"], skipped: [], adopted: [] });
      expect(retries).toEqual(["sqlite: SQLite SQLITE_BUSY after 1000 ms"]);
      return;
    }
    const holder = await rawSql(db);
    cleanup.push(() => holder.close());
    let waiting: () => Promise<boolean>;
    let release: () => Promise<unknown>;
    if (backend === "postgres") {
      await holder.query("BEGIN");
      await holder.query(
        "SELECT pg_advisory_xact_lock(hashtext('weft_offload_migrate:' || current_schema() || '.' || 'argo_workflows'))",
      );
      waiting = async () =>
        (
          await raw.query(
            "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted",
          )
        )[0]?.n === 1;
      release = () => holder.query("COMMIT");
    } else {
      const lockName = `weft_offload:${createHash("sha1").update(`${db.name}.argo_workflows`).digest("hex")}`;
      expect((await holder.query("SELECT GET_LOCK(?, 0) AS ok", [lockName]))[0]?.ok).toBe(1);
      waiting = async () =>
        (
          await raw.query(
            "SELECT count(*) AS n FROM information_schema.processlist WHERE info LIKE 'SELECT GET_LOCK%' AND db = ?",
            [db.name],
          )
        )[0]?.n === 1;
      release = () => holder.query("SELECT RELEASE_LOCK(?)", [lockName]);
    }
    let done = false;
    const migrating = open(db)
      .migrate()
      .finally(() => {
        done = true;
      });
    await until(waiting, "the migration waits for the lock");
    expect(done).toBe(false);
    expect(await indexNames(raw, db, "argo_workflows")).toEqual([]);
    await release();
    expect(await migrating).toEqual({ applied: ["0000_init"], skipped: [], adopted: [] });
  }, 20_000);

  it("uses the configured table name for the table, its index and its history", async () => {
    const { db, raw } = await fresh();
    const repo = open(db, { tableName: "weft_nodes" });
    const v = await repo.save("u", "ns", { a: { id: "a", name: "a", type: "Pod" } });
    expect(await indexNames(raw, db, "weft_nodes")).toEqual(expect.arrayContaining(["weft_nodes_i1"]));
    expect(await raw.query(`SELECT version FROM ${q(db, "weft_nodes")}`)).toEqual([{ version: v }]);
    expect(await raw.query(`SELECT tag FROM ${q(db, "weft_nodes_migrations")}`)).toEqual([
      { tag: "0000_init" },
    ]);
    expect(() => openOffloadRepository({ url: db.url, tableName: "x; drop table y" })).toThrow(
      /tableName: "x; drop table y" must match/,
    );
  });

  it("adopts a table Argo created and reads its rows", async () => {
    const { db, raw } = await fresh();
    await raw.query(argoDdl());
    await raw.query(
      "INSERT INTO argo_workflows (clustername, uid, version, namespace, nodes) VALUES (?, ?, ?, ?, ?)",
      [
        "default",
        "argo-uid",
        "fnv:2308444803",
        "argo",
        '{"my-node":{"id":"","name":"","type":"","startedAt":null,"finishedAt":null}}',
      ],
    );
    const repo = open(db);
    expect(await repo.migrate()).toEqual({ applied: [], skipped: [], adopted: ["0000_init"] });
    expect(await repo.get("argo-uid", "fnv:2308444803")).toEqual({
      "my-node": { id: "", name: "", type: "", startedAt: null, finishedAt: null },
    });
  });

  it("refuses a same-named table that is not an offload table", async () => {
    const { db, raw } = await fresh();
    await raw.query("CREATE TABLE argo_workflows (id integer primary key)");
    const err = await open(db)
      .migrate()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffloadStoreError);
    expect((err as Error).message).toMatch(
      /table "argo_workflows" exists but is not an offload table: missing column\(s\) clustername, uid, namespace, version, nodes, updatedat/,
    );
    expect((err as OffloadStoreError).attempts).toBe(1);
  });

  it("detects a migration file edited after it was applied", async () => {
    const { db, raw } = await fresh();
    await open(db).migrate();
    await raw.query(`UPDATE ${q(db, "argo_workflows_migrations")} SET hash = ?`, ["0".repeat(64)]);
    await expect(open(db).migrate()).rejects.toThrow(
      /migration 0000_init of table "argo_workflows" was applied with a different SQL file/,
    );
  });
});
