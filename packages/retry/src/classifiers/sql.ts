import { asRecord, firstInChain, numberProp, stringProp } from "../error-chain.js";
import { type Classifier, permanent, transient } from "../verdict.js";

/** PostgreSQL SQLSTATE codes worth another attempt (`pg` puts the SQLSTATE in `err.code`). */
export const POSTGRES_TRANSIENT_CODES: ReadonlyMap<string, string> = new Map([
  ["40001", "serialization_failure"],
  ["40P01", "deadlock_detected"],
  ["55P03", "lock_not_available"],
  ["57P01", "admin_shutdown"],
  ["57P02", "crash_shutdown"],
  ["57P03", "cannot_connect_now"],
  ["53300", "too_many_connections"],
  ["08000", "connection_exception"],
  ["08001", "sqlclient_unable_to_establish_sqlconnection"],
  ["08003", "connection_does_not_exist"],
  ["08004", "sqlserver_rejected_establishment_of_sqlconnection"],
  ["08006", "connection_failure"],
]);

/** What `pg` itself says when the connection died under a query (no SQLSTATE). */
const POSTGRES_CONNECTION_LOSS = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "timeout exceeded when trying to connect",
];

function isPostgresError(e: unknown): boolean {
  const rec = asRecord(e);
  return (
    rec !== undefined &&
    typeof rec.severity === "string" &&
    /^[0-9A-Z]{5}$/.test(stringProp(e, "code") ?? "") &&
    ("routine" in rec || "file" in rec || "line" in rec)
  );
}

/** PostgreSQL errors as `pg` throws them, keyed on the SQLSTATE, never on prose (except pg's own loss messages). */
export const postgres: Classifier = (err) =>
  firstInChain(err, (e) => {
    if (isPostgresError(e)) {
      const code = stringProp(e, "code") ?? "";
      const name = POSTGRES_TRANSIENT_CODES.get(code);
      return name !== undefined
        ? transient("postgres", `PostgreSQL ${code} ${name}`)
        : permanent("postgres", `PostgreSQL ${code}`);
    }
    const message = stringProp(e, "message") ?? "";
    const loss = POSTGRES_CONNECTION_LOSS.find((m) => message.includes(m));
    return loss === undefined ? undefined : transient("postgres", `PostgreSQL connection lost: ${loss}`);
  });

/** MySQL / MariaDB error numbers worth another attempt (`mysql2` puts them in `err.errno`, names in `err.code`). */
export const MYSQL_TRANSIENT_ERRNOS: ReadonlyMap<number, string> = new Map([
  [1213, "ER_LOCK_DEADLOCK"],
  [1205, "ER_LOCK_WAIT_TIMEOUT"],
  [1040, "ER_CON_COUNT_ERROR"],
  [1203, "ER_TOO_MANY_USER_CONNECTIONS"],
  [1053, "ER_SERVER_SHUTDOWN"],
  [1020, "ER_CHECKREAD"],
  [1927, "ER_CONNECTION_KILLED"],
  [2006, "CR_SERVER_GONE_ERROR"],
  [2013, "CR_SERVER_LOST"],
  [4031, "ER_CLIENT_INTERACTION_TIMEOUT"],
]);

/** `mysql2` client-side codes for a connection that went away. */
const MYSQL_TRANSIENT_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "ER_CON_COUNT_ERROR",
  "PROTOCOL_SEQUENCE_TIMEOUT",
]);

function isMysqlError(e: unknown): boolean {
  const rec = asRecord(e);
  if (!rec) return false;
  const code = stringProp(e, "code") ?? "";
  return (
    (numberProp(rec, "errno") !== undefined && typeof rec.sqlState === "string") ||
    code.startsWith("PROTOCOL_") ||
    (code.startsWith("ER_") && typeof rec.sqlMessage === "string")
  );
}

/** MySQL and MariaDB errors as `mysql2` throws them, keyed on `errno` and `code`. */
export const mysql: Classifier = (err) =>
  firstInChain(err, (e) => {
    if (!isMysqlError(e)) return undefined;
    const errno = numberProp(e, "errno");
    const code = stringProp(e, "code") ?? "";
    const name = errno === undefined ? undefined : MYSQL_TRANSIENT_ERRNOS.get(errno);
    if (name !== undefined) return transient("mysql", `MySQL ${errno} ${name}`);
    if (MYSQL_TRANSIENT_CODES.has(code)) return transient("mysql", `MySQL ${code}`);
    return permanent("mysql", `MySQL ${errno ?? ""} ${code}`.replace(/\s+/g, " ").trim());
  });
