import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { DEFAULT_TABLE_NAME } from "./table-name.js";

/**
 * The offload table on SQLite: Argo's columns, with `nodes` as JSON text and `updatedat` as epoch
 * milliseconds (SQLite has no timestamp type; integers compare exactly).
 */
export function sqliteOffloadTable(name: string) {
  return sqliteTable(
    name,
    {
      clustername: text("clustername").notNull(),
      uid: text("uid").notNull(),
      namespace: text("namespace").notNull(),
      version: text("version").notNull(),
      nodes: text("nodes").notNull(),
      updatedat: integer("updatedat", { mode: "timestamp_ms" })
        .notNull()
        .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    },
    (t) => [
      primaryKey({ name: `${name}_pkey`, columns: [t.clustername, t.uid, t.version] }),
      index(`${name}_i1`).on(t.clustername, t.namespace, t.updatedat),
    ],
  );
}

export type SqliteOffloadTable = ReturnType<typeof sqliteOffloadTable>;

/** The table drizzle-kit generates `migrations/sqlite` from; runtime tables are renamed copies. */
export const argoWorkflows = sqliteOffloadTable(DEFAULT_TABLE_NAME);
