import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import pg from "pg";
import type { Backend } from "../src/open.ts";

/** A database of its own for one test file, and how to drop it. */
export interface TestDatabase {
  readonly backend: Backend;
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export const PG_ADMIN_URL = process.env.WEFT_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const MYSQL_ADMIN_URL = process.env.WEFT_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306";

export const BACKENDS: readonly Backend[] = ["sqlite", "postgres", "mysql"];

function uniqueName(): string {
  return `weft_offload_test_${randomBytes(6).toString("hex")}`;
}

function withDatabase(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createPostgres(): Promise<TestDatabase> {
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_ADMIN_URL} (start it: tooling/scripts/services.sh): ${String(err)}`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    backend: "postgres",
    name,
    url: withDatabase(PG_ADMIN_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function createMysql(): Promise<TestDatabase> {
  const name = uniqueName();
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL, connectTimeout: 5000 });
  } catch (err) {
    throw new Error(
      `MariaDB/MySQL is not reachable at ${MYSQL_ADMIN_URL} (start it: tooling/scripts/services.sh): ${String(err)}`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  return {
    backend: "mysql",
    name,
    url: withDatabase(MYSQL_ADMIN_URL, name),
    async drop() {
      const c = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await c.end();
      }
    },
  };
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "weft-offload-"));
  const name = uniqueName();
  return {
    backend: "sqlite",
    name,
    url: `sqlite:${join(dir, `${name}.db`)}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a uniquely named, empty database on `backend` (SQLite: a file in a temp dir). */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  switch (backend) {
    case "postgres":
      return createPostgres();
    case "mysql":
      return createMysql();
    case "sqlite":
      return createSqlite();
  }
}
