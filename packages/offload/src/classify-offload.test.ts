import { describe, expect, it } from "vitest";
import { classifyOffloadError } from "./classify-offload.js";
import { CorruptNodesError, OffloadNotFoundError } from "./errors.js";

function sqliteError(code: string): Error {
  const e = new Error("database is locked") as Error & { code: string };
  e.name = "SqliteError";
  e.code = code;
  return e;
}

describe("classifyOffloadError", () => {
  it("never retries this package's own errors", () => {
    expect(
      classifyOffloadError(new OffloadNotFoundError({ clusterName: "c", uid: "u", version: "v" })).transient,
    ).toBe(false);
    expect(classifyOffloadError(new CorruptNodesError({ uid: "u", version: "v" }, "bad")).transient).toBe(
      false,
    );
    expect(classifyOffloadError(new TypeError("uid: must not be empty")).transient).toBe(false);
  });

  it("retries lock contention, lost connections and Argo's no-rows text", () => {
    expect(classifyOffloadError(sqliteError("SQLITE_BUSY"))).toMatchObject({
      transient: true,
      classifier: "sqlite",
    });
    expect(classifyOffloadError(sqliteError("SQLITE_CORRUPT")).transient).toBe(false);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(classifyOffloadError(refused)).toMatchObject({ transient: true, classifier: "network" });
    const deadlock = Object.assign(new Error("deadlock detected"), {
      severity: "ERROR",
      code: "40P01",
      routine: "x",
    });
    expect(classifyOffloadError(deadlock)).toMatchObject({ transient: true, classifier: "postgres" });
    const gone = Object.assign(new Error("MySQL server has gone away"), {
      errno: 2006,
      sqlState: "HY000",
      code: "CR_SERVER_GONE_ERROR",
    });
    expect(classifyOffloadError(gone)).toMatchObject({ transient: true, classifier: "mysql" });
    expect(classifyOffloadError(new Error("upper: no more rows in this result set")).transient).toBe(true);
    expect(classifyOffloadError(new Error("syntax error")).transient).toBe(false);
  });
});
