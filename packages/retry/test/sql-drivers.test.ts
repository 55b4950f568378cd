import mysql from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../src/classify.ts";
import { closedPort } from "./servers.ts";

// Real PostgreSQL (127.0.0.1:5432, trust) and MariaDB (127.0.0.1:3306, root) produce the errors; nothing is
// created in them except a temporary table in a session.

describe("PostgreSQL errors as pg throws them", () => {
  const connect = async () => {
    const c = new pg.Client({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" });
    await c.connect();
    return c;
  };

  it("admin shutdown (57P01, the backend is terminated) is transient", async () => {
    const victim = await connect();
    victim.on("error", () => undefined);
    const killer = await connect();
    const pid = (await victim.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid;
    const pending = victim.query("select pg_sleep(30)").catch((e: unknown) => e);
    await killer.query("select pg_terminate_backend($1)", [pid]);
    const err = await pending;
    await killer.end();
    await victim.end().catch(() => undefined);
    expect(err).toMatchObject({ code: "57P01" });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "postgres" });
  });

  it("a deadlock (40P01) is transient; a syntax error and a unique violation are not", async () => {
    const a = await connect();
    const b = await connect();
    try {
      // a real table (temp tables are per session), unique to this run
      const table = `weft_retry_deadlock_${process.pid}_${Date.now()}`;
      await a.query(`create table ${table} (id int primary key, v int)`);
      try {
        await a.query(`insert into ${table} values (1, 0), (2, 0)`);
        await a.query("begin");
        await b.query("begin");
        await b.query("set local deadlock_timeout = '50ms'");
        await a.query(`update ${table} set v = 1 where id = 1`);
        await b.query(`update ${table} set v = 1 where id = 2`);
        const first = a.query(`update ${table} set v = 2 where id = 2`).catch((e: unknown) => e);
        const second = b.query(`update ${table} set v = 2 where id = 1`).catch((e: unknown) => e);
        const results = await Promise.all([first, second]);
        const deadlock = results.find((r) => (r as { code?: string } | undefined)?.code === "40P01");
        expect(deadlock).toBeDefined();
        expect(classify(deadlock)).toMatchObject({ transient: true, classifier: "postgres" });
        await a.query("rollback");
        await b.query("rollback");
        const dup = await a.query(`insert into ${table} values (1, 0)`).catch((e: unknown) => e);
        expect(dup).toMatchObject({ code: "23505" });
        expect(classify(dup)).toMatchObject({ transient: false, classifier: "postgres" });
      } finally {
        await a.query(`drop table if exists ${table}`);
      }
      const syntax = await a.query("selec 1").catch((e: unknown) => e);
      expect(syntax).toMatchObject({ code: "42601" });
      expect(classify(syntax).transient).toBe(false);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it.each([
    ["40001", true],
    ["53300", true],
    ["55P03", true],
    ["08006", true],
    ["22P02", false],
  ])("SQLSTATE %s → transient %s (pg's DatabaseError)", (code, expected) => {
    const err = new pg.DatabaseError("message", 10, "error");
    err.code = code;
    err.severity = "ERROR";
    err.routine = "r";
    expect(classify(err)).toMatchObject({ transient: expected, classifier: "postgres" });
  });

  it("a refused connection is transient", async () => {
    const port = await closedPort();
    const c = new pg.Client({ host: "127.0.0.1", port, user: "postgres" });
    const err = await c.connect().catch((e: unknown) => e);
    expect(classify(err).transient).toBe(true);
  });
});

describe("MySQL / MariaDB errors as mysql2 throws them", () => {
  let a: mysql.Connection;
  let b: mysql.Connection;
  const table = `weft_retry_${process.pid}_${Date.now()}`;
  beforeAll(async () => {
    const opts = { host: "127.0.0.1", port: 3306, user: "root", password: "", database: "test" };
    a = await mysql.createConnection(opts);
    b = await mysql.createConnection(opts);
    await a.query(`create table ${table} (id int primary key, v int) engine=InnoDB`);
    await a.query(`insert into ${table} values (1, 0)`);
  });
  afterAll(async () => {
    await a.query(`drop table if exists ${table}`);
    await a.end();
    await b.end();
  });

  it("a lock wait timeout (1205) is transient", async () => {
    await a.query("set session innodb_lock_wait_timeout = 1");
    await b.query("start transaction");
    await b.query(`update ${table} set v = 1 where id = 1`);
    const err = await a.query(`update ${table} set v = 2 where id = 1`).catch((e: unknown) => e);
    await b.query("rollback");
    expect(err).toMatchObject({ errno: 1205, code: "ER_LOCK_WAIT_TIMEOUT" });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "mysql" });
  });

  it("a duplicate key (1062) and a syntax error are permanent", async () => {
    const dup = await a.query(`insert into ${table} values (1, 0)`).catch((e: unknown) => e);
    expect(dup).toMatchObject({ errno: 1062 });
    expect(classify(dup)).toMatchObject({ transient: false, classifier: "mysql" });
    const syntax = await a.query("selec 1").catch((e: unknown) => e);
    expect(classify(syntax).transient).toBe(false);
  });

  it("a killed connection is transient", async () => {
    const opts = { host: "127.0.0.1", port: 3306, user: "root", password: "", database: "test" };
    const victim = await mysql.createConnection(opts);
    victim.on("error", () => undefined);
    const pending = victim.query("select sleep(30)").catch((e: unknown) => e);
    await a.query(`kill ${victim.threadId}`);
    const err = await pending;
    victim.destroy();
    expect(classify(err).transient).toBe(true);
  });

  it.each([
    [1213, "ER_LOCK_DEADLOCK", true],
    [1040, "ER_CON_COUNT_ERROR", true],
    [2013, "CR_SERVER_LOST", true],
    [1146, "ER_NO_SUCH_TABLE", false],
  ])("errno %i %s → transient %s", (errno, code, expected) => {
    const err = Object.assign(new Error("x"), { errno, code, sqlState: "HY000", sqlMessage: "x" });
    expect(classify(err)).toMatchObject({ transient: expected, classifier: "mysql" });
  });
});
