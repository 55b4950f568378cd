// pnpm bench: save/get of 1 MiB node maps on each backend against a raw driver INSERT/SELECT of the same bytes,
// and one GC pass over 100k old rows on PostgreSQL. Needs the servers of tooling/scripts/services.sh. Runs the
// TypeScript sources under plain Node (test/ts-resolve.mjs maps their .js imports to .ts).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { offloadVersion } from "@weft/contracts";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { collectGarbage, openOffloadRepository } from "../src/index.ts";
import { realisticNodes } from "../test/fixtures.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const PG_ADMIN = process.env.WEFT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MYSQL_ADMIN = process.env.WEFT_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306";
const name = `weft_offload_bench_${randomBytes(4).toString("hex")}`;
const withDb = (admin: string, db: string) =>
  Object.assign(new URL(admin), { pathname: `/${db}` }).toString();

interface Raw {
  insert(uid: string, version: string, json: string): Promise<void>;
  select(uid: string, version: string): Promise<string>;
  close(): Promise<void>;
}

const RAW_TABLE_PG =
  "CREATE TABLE raw_nodes (clustername varchar(64) NOT NULL, uid varchar(128) NOT NULL, namespace varchar(256) NOT NULL, version varchar(64) NOT NULL, nodes json NOT NULL, updatedat timestamp NOT NULL DEFAULT now(), PRIMARY KEY (clustername, uid, version))";

async function rawPostgres(url: string): Promise<Raw> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(RAW_TABLE_PG);
  return {
    insert: async (uid, version, json) => {
      await c.query(
        "INSERT INTO raw_nodes (clustername, uid, namespace, version, nodes) VALUES ('default', $1, 'argo', $2, $3)",
        [uid, version, json],
      );
    },
    select: async (uid, version) =>
      (
        await c.query(
          "SELECT nodes::text AS n FROM raw_nodes WHERE clustername = 'default' AND uid = $1 AND version = $2",
          [uid, version],
        )
      ).rows[0].n,
    close: () => c.end(),
  };
}

async function rawMysql(url: string): Promise<Raw> {
  const c = await mysql.createConnection({ uri: url, jsonStrings: true });
  await c.query(RAW_TABLE_PG.replace("DEFAULT now()", "DEFAULT CURRENT_TIMESTAMP"));
  return {
    insert: async (uid, version, json) => {
      await c.query(
        "INSERT INTO raw_nodes (clustername, uid, namespace, version, nodes) VALUES ('default', ?, 'argo', ?, ?)",
        [uid, version, json],
      );
    },
    select: async (uid, version) => {
      const [rows] = (await c.query(
        "SELECT nodes AS n FROM raw_nodes WHERE clustername = 'default' AND uid = ? AND version = ?",
        [uid, version],
      )) as unknown as [Array<{ n: string }>];
      return rows[0]?.n ?? "";
    },
    close: () => c.end(),
  };
}

async function rawSqlite(path: string): Promise<Raw> {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.exec(
    "CREATE TABLE raw_nodes (clustername text NOT NULL, uid text NOT NULL, namespace text NOT NULL, version text NOT NULL, nodes text NOT NULL, updatedat integer NOT NULL DEFAULT 0, PRIMARY KEY (clustername, uid, version))",
  );
  const ins = db.prepare(
    "INSERT INTO raw_nodes (clustername, uid, namespace, version, nodes) VALUES ('default', ?, 'argo', ?, ?)",
  );
  const sel = db.prepare(
    "SELECT nodes AS n FROM raw_nodes WHERE clustername = 'default' AND uid = ? AND version = ?",
  );
  return {
    insert: async (uid, version, json) => {
      ins.run(uid, version, json);
    },
    select: async (uid, version) => (sel.get(uid, version) as { n: string }).n,
    close: async () => {
      db.close();
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const base = realisticNodes(1024 * 1024, 11);
const variants = Array.from({ length: ROUNDS }, (_, i) => ({
  ...base,
  [`extra-${i}`]: { id: `extra-${i}`, name: "x", type: "Pod" },
}));
const jsons = variants.map((v) => JSON.stringify(v));
const versions = variants.map((v) => offloadVersion(v));
console.log(
  `node map: ${Object.keys(base).length} nodes, ${((jsons[0]?.length ?? 0) / 1024 / 1024).toFixed(2)} MiB of JSON; ${ROUNDS} rounds, medians`,
);
const hashTimes: number[] = [];
for (const v of variants) hashTimes.push(await time(async () => offloadVersion(v)));
const hashMs = median(hashTimes);
console.log(`offloadVersion (@weft/contracts) alone: ${hashMs.toFixed(1)} ms per map\n`);

const rows: string[][] = [
  [
    "backend",
    "save",
    "raw INSERT",
    "ratio",
    "save - hash",
    "ratio",
    "get",
    "raw SELECT",
    "ratio",
    "raw SELECT+parse",
    "ratio",
  ],
];
const cleanups: Array<() => Promise<void>> = [];

async function bench(backend: string, url: string, raw: Raw) {
  const repo = openOffloadRepository({ url });
  await repo.migrate();
  const save: number[] = [];
  const get: number[] = [];
  const ins: number[] = [];
  const sel: number[] = [];
  const selParse: number[] = [];
  const hash: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const v = variants[i] ?? base;
    const json = jsons[i] ?? "";
    const version = versions[i] ?? "";
    save.push(await time(() => repo.save(`uid-${i}`, "argo", v)));
    ins.push(await time(() => raw.insert(`uid-${i}`, version, json)));
    get.push(await time(() => repo.get(`uid-${i}`, version)));
    sel.push(await time(() => raw.select(`uid-${i}`, version)));
    selParse.push(await time(async () => JSON.parse(await raw.select(`uid-${i}`, version))));
    hash.push(await time(async () => offloadVersion(v)));
  }
  await repo.close();
  await raw.close();
  const f = (x: number) => `${x.toFixed(1)} ms`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const saveNoHash = median(save.map((s, i) => s - (hash[i] ?? 0)));
  rows.push([
    backend,
    f(median(save)),
    f(median(ins)),
    x(median(save), median(ins)),
    f(saveNoHash),
    x(saveNoHash, median(ins)),
    f(median(get)),
    f(median(sel)),
    x(median(get), median(sel)),
    f(median(selParse)),
    x(median(get), median(selParse)),
  ]);
}

try {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const myAdmin = await mysql.createConnection({ uri: MYSQL_ADMIN });
  await myAdmin.query(`CREATE DATABASE ${name}`);
  cleanups.push(async () => {
    await myAdmin.query(`DROP DATABASE IF EXISTS ${name}`);
    await myAdmin.end();
  });
  const dir = mkdtempSync(join(tmpdir(), "weft-offload-bench-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));

  await bench("sqlite", `sqlite:${join(dir, "offload.db")}`, await rawSqlite(join(dir, "raw.db")));
  await bench("postgres", withDb(PG_ADMIN, name), await rawPostgres(withDb(PG_ADMIN, name)));
  await bench("mysql (MariaDB)", withDb(MYSQL_ADMIN, name), await rawMysql(withDb(MYSQL_ADMIN, name)));
  const width = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(width[c] ?? 0)).join("  "));
  console.log(
    "save = validate + JSON.stringify + offloadVersion + upsert; raw INSERT sends the ready bytes.",
  );
  console.log("save - hash = save minus offloadVersion timed in the same round: this package's own cost.");
  console.log(
    "get = SELECT + JSON.parse + shape check; raw SELECT returns the text; raw SELECT+parse adds JSON.parse.\n",
  );

  // GC of 100k old rows on PostgreSQL: 25,000 deleted workflows x 4 versions, all older than the TTL.
  const pgUrl = withDb(PG_ADMIN, name);
  const now = Date.now();
  const repo = openOffloadRepository({ url: pgUrl, tableName: "gc_bench", now: () => now });
  await repo.migrate();
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  await c.query(
    `INSERT INTO gc_bench (clustername, uid, namespace, version, nodes, updatedat)
     SELECT 'default', 'uid-' || (g / 4), 'argo', 'fnv:' || g, '{"n":{"id":"n","name":"n","type":"Pod"}}', now() - interval '1 hour'
     FROM generate_series(0, 99999) g`,
  );
  await c.query("ANALYZE gc_bench");
  const t = performance.now();
  const report = await collectGarbage(repo, { ttl: 5 * 60_000, liveVersionOf: () => undefined });
  const gcMs = performance.now() - t;
  const left = (await c.query("SELECT count(*)::int AS n FROM gc_bench")).rows[0].n;
  await c.end();
  await repo.close();
  console.log(
    `GC on PostgreSQL: listed ${report.listed} old rows of ${report.workflows} workflows, deleted ${report.deleted} in ${gcMs.toFixed(0)} ms (goal < 2000 ms); ${left} rows left`,
  );
} finally {
  for (const c of cleanups.reverse()) await c().catch((e: unknown) => console.error("cleanup:", e));
}
