import { type Classifier, classifiers, classify, type Verdict } from "@weft/retry";
import {
  CorruptNodesError,
  NodesTooLargeError,
  OffloadDisabledError,
  OffloadNotFoundError,
} from "./errors.js";

/** Errors this package raises itself: never worth another attempt. */
const offloadErrors: Classifier = (err) => {
  if (err instanceof OffloadNotFoundError)
    return { transient: false, classifier: "offload", reason: "row not found" };
  if (err instanceof CorruptNodesError)
    return { transient: false, classifier: "offload", reason: "corrupt nodes" };
  if (err instanceof NodesTooLargeError)
    return { transient: false, classifier: "offload", reason: "nodes too large" };
  if (err instanceof OffloadDisabledError)
    return { transient: false, classifier: "offload", reason: "disabled" };
  if (err instanceof TypeError)
    return { transient: false, classifier: "offload", reason: "invalid argument" };
  return undefined;
};

const SQLITE_TRANSIENT = new Set([
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_BUSY_RECOVERY",
]);

/** better-sqlite3 `SqliteError`: another connection holds the lock. */
export const sqliteClassifier: Classifier = (err) => {
  if (err instanceof Error && err.name === "SqliteError") {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === "string" && SQLITE_TRANSIENT.has(code)
      ? { transient: true, classifier: "sqlite", reason: `SQLite ${code}` }
      : { transient: false, classifier: "sqlite", reason: `SQLite ${String(code)}` };
  }
  return undefined;
};

/** The classifiers the repository retries with, in order. */
export const OFFLOAD_CLASSIFIERS: readonly Classifier[] = [
  offloadErrors,
  sqliteClassifier,
  classifiers.postgres,
  classifiers.mysql,
  classifiers.network,
  classifiers.sqlHydration,
];

/** The repository's default decision: transient driver errors (PostgreSQL, MySQL, SQLite, network) are retried. */
export function classifyOffloadError(err: unknown): Verdict {
  return classify(err, OFFLOAD_CLASSIFIERS);
}
