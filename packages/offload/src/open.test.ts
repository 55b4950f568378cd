import { describe, expect, it } from "vitest";
import { backendOf, openOffloadRepository, sqlitePath } from "./open.js";

describe("openOffloadRepository", () => {
  it("picks the backend from the URL scheme", () => {
    expect(backendOf("postgres://u@h/db")).toBe("postgres");
    expect(backendOf("postgresql://u@h/db")).toBe("postgres");
    expect(backendOf("mysql://root@h:3306/argo")).toBe("mysql");
    expect(backendOf("mariadb://root@h/argo")).toBe("mysql");
    expect(backendOf("sqlite::memory:")).toBe("sqlite");
    expect(() => backendOf("mongodb://h/db")).toThrow(
      'url: unsupported scheme "mongodb:"; use postgres://, mysql://, mariadb:// or sqlite:<path>',
    );
  });

  it("reads SQLite paths", () => {
    expect(sqlitePath("sqlite::memory:")).toBe(":memory:");
    expect(sqlitePath("sqlite:/var/lib/weft/offload.db")).toBe("/var/lib/weft/offload.db");
    expect(sqlitePath("sqlite:///var/lib/weft/offload.db")).toBe("/var/lib/weft/offload.db");
    expect(sqlitePath("sqlite:offload.db")).toBe("offload.db");
    expect(() => sqlitePath("sqlite:")).toThrow(/has no path/);
  });

  it("validates its options before connecting", () => {
    expect(() => openOffloadRepository({})).toThrow(/^url: required/);
    expect(() => openOffloadRepository({ url: "sqlite::memory:", clusterName: "" })).toThrow(
      "clusterName: must not be empty",
    );
    expect(() => openOffloadRepository({ url: "sqlite::memory:", maxNodesBytes: 0 })).toThrow(
      "maxNodesBytes: must be a positive integer, got 0",
    );
    expect(() => openOffloadRepository({ url: "sqlite::memory:", tableName: "1abc" })).toThrow(
      /tableName: "1abc" must match/,
    );
  });
});
