import { customType, index, mysqlTable, primaryKey, timestamp, varchar } from "drizzle-orm/mysql-core";
import { DEFAULT_TABLE_NAME } from "./table-name.js";

/** `json` column whose TypeScript value is the raw JSON text. MariaDB stores it as LONGTEXT. */
const jsonText = customType<{ data: string; driverData: string }>({
  dataType: () => "json",
});

/** The offload table on MySQL and MariaDB, shaped like Argo's (`persist/sqldb/migrate.go`). */
export function mysqlOffloadTable(name: string) {
  return mysqlTable(
    name,
    {
      clustername: varchar("clustername", { length: 64 }).notNull(),
      uid: varchar("uid", { length: 128 }).notNull(),
      namespace: varchar("namespace", { length: 256 }).notNull(),
      version: varchar("version", { length: 64 }).notNull(),
      nodes: jsonText("nodes").notNull(),
      updatedat: timestamp("updatedat", { mode: "date" }).notNull().defaultNow(),
    },
    (t) => [
      primaryKey({ name: `${name}_pkey`, columns: [t.clustername, t.uid, t.version] }),
      index(`${name}_i1`).on(t.clustername, t.namespace, t.updatedat),
    ],
  );
}

export type MysqlOffloadTable = ReturnType<typeof mysqlOffloadTable>;

/** The table drizzle-kit generates `migrations/mysql` from; runtime tables are renamed copies. */
export const argoWorkflows = mysqlOffloadTable(DEFAULT_TABLE_NAME);
