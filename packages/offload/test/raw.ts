import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { sqlitePath } from "../src/open.ts";
import type { TestDatabase } from "./databases.ts";

/** Plain driver access to a test database, for checks and for writing rows the repository never would. */
export interface RawSql {
  /** Runs SQL with `?` placeholders (rewritten to `$n` for PostgreSQL); returns rows. */
  query(text: string, params?: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function rawSql(db: TestDatabase): Promise<RawSql> {
  switch (db.backend) {
    case "postgres": {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return {
        async query(text, params = []) {
          let n = 0;
          const r = await client.query(
            text.replace(/\?/g, () => `$${++n}`),
            params as unknown[],
          );
          return r.rows as Array<Record<string, unknown>>;
        },
        close: () => client.end(),
      };
    }
    case "mysql": {
      const conn = await mysql.createConnection({ uri: db.url, jsonStrings: true });
      return {
        async query(text, params = []) {
          const [rows] = await conn.query(text, params as unknown[]);
          return Array.isArray(rows) ? (rows as Array<Record<string, unknown>>) : [];
        },
        close: () => conn.end(),
      };
    }
    case "sqlite": {
      const sqlite = new Database(sqlitePath(db.url));
      return {
        async query(text, params = []) {
          const stmt = sqlite.prepare(text);
          if (stmt.reader) return stmt.all(...(params as unknown[])) as Array<Record<string, unknown>>;
          stmt.run(...(params as unknown[]));
          return [];
        },
        async close() {
          sqlite.close();
        },
      };
    }
  }
}

/** The table name quoted for the backend. */
export function q(db: TestDatabase, name: string): string {
  return db.backend === "mysql" ? `\`${name}\`` : `"${name}"`;
}
