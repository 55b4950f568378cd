import { offloadVersion } from "@weft/contracts";
import { FakeClock } from "@weft/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CorruptNodesError, NodesTooLargeError, OffloadNotFoundError } from "../src/errors.ts";
import { openOffloadRepository } from "../src/open.ts";
import type { OffloadRepository } from "../src/repository.ts";
import { BACKENDS, createTestDatabase, type TestDatabase } from "./databases.ts";
import { jsonBytes, realisticNodes } from "./fixtures.ts";
import { q, type RawSql, rawSql } from "./raw.ts";

const MIB = 1024 * 1024;
const T0 = Date.parse("2026-12-01T12:00:00Z");

describe.each(BACKENDS)("repository on %s", (backend) => {
  let db: TestDatabase;
  let raw: RawSql;
  let repo: OffloadRepository;
  const clock = { now: T0 };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    repo = openOffloadRepository({
      url: db.url,
      now: () => clock.now,
      retryClock: new FakeClock({ auto: true }),
    });
    await repo.migrate();
    raw = await rawSql(db);
  });
  afterAll(async () => {
    await repo?.close();
    await raw?.close();
    await db?.drop();
  });

  const rowsOf = (uid: string) =>
    raw.query(
      `SELECT version, ${backend === "postgres" ? "nodes::text AS nodes" : "nodes"} FROM ${q(db, "argo_workflows")} WHERE uid = ? ORDER BY version`,
      [uid],
    );

  it("returns Argo's reference versions (offloadVersion from @weft/contracts)", async () => {
    expect(await repo.save("vec-1", "argo", null)).toBe("fnv:784127654");
    expect(await repo.save("vec-2", "argo", { "my-node": {} })).toBe("fnv:2308444803");
    expect(await repo.get("vec-1", "fnv:784127654")).toEqual({});
    expect(await repo.get("vec-2", "fnv:2308444803")).toEqual({ "my-node": {} });
  });

  it("saves idempotently and never deletes an older version", async () => {
    const a = { n1: { id: "n1", name: "wf", type: "Pod", phase: "Running" } };
    const b = { n1: { id: "n1", name: "wf", type: "Pod", phase: "Succeeded" } };
    const va = await repo.save("idem", "argo", a);
    expect(await repo.save("idem", "argo", a)).toBe(va);
    const vb = await repo.save("idem", "argo", b);
    expect(vb).not.toBe(va);
    expect((await rowsOf("idem")).map((r) => r.version).sort()).toEqual([va, vb].sort());
    expect(await repo.get("idem", va)).toEqual(a);
    expect(await repo.get("idem", vb)).toEqual(b);
  });

  it("concurrent saves of one version all succeed and leave one row", async () => {
    const nodes = { c: { id: "c", name: "c", type: "Pod", phase: "Running" } };
    const versions = await Promise.all(Array.from({ length: 6 }, () => repo.save("conc", "argo", nodes)));
    expect(new Set(versions).size).toBe(1);
    expect(await rowsOf("conc")).toHaveLength(1);
  });

  it("a save from a controller whose clock is behind never moves updatedat back", async () => {
    const nodes = { s: { id: "s", name: "s", type: "Pod" } };
    clock.now = T0 + 20_000_000;
    await repo.save("skew", "ns-skew", nodes);
    clock.now -= 10 * 60_000; // another controller, ten minutes behind, saves the same version
    await repo.save("skew", "ns-skew", nodes);
    clock.now += 10 * 60_000 + 2 * 60_000; // two minutes after the first save
    expect(await repo.listOld("ns-skew", 5 * 60_000)).toEqual(new Map());
  });

  it("lists by namespace and scopes every call to the cluster name", async () => {
    await repo.save("ls-1", "ns-a", { x: { id: "x", name: "x", type: "Pod" } });
    await repo.save("ls-2", "ns-b", { y: { id: "y", name: "y", type: "Pod" } });
    const inA = await repo.list("ns-a");
    expect(inA.map((r) => r.uid)).toEqual(["ls-1"]);
    expect(inA[0]?.nodes).toEqual({ x: { id: "x", name: "x", type: "Pod" } });
    const all = (await repo.list("")).map((r) => r.uid);
    expect(all).toEqual(expect.arrayContaining(["ls-1", "ls-2"]));

    const other = openOffloadRepository({ url: db.url, clusterName: "other-cluster", now: () => clock.now });
    try {
      expect(await other.list("")).toEqual([]);
      const v = await other.save("ls-1", "ns-a", { z: { id: "z", name: "z", type: "Pod" } });
      await expect(repo.get("ls-1", v)).rejects.toBeInstanceOf(OffloadNotFoundError);
      expect((await other.list("ns-a")).map((r) => r.version)).toEqual([v]);
    } finally {
      await other.close();
    }
  });

  it("listOld returns versions last saved more than the TTL ago; a re-save makes a version young again", async () => {
    const ttl = 5 * 60_000;
    clock.now = T0 + 3_600_000;
    const v1 = await repo.save("old-1", "ns-old", { a: { id: "a", name: "a", type: "Pod" } });
    clock.now += 10_000;
    const v2 = await repo.save("old-1", "ns-old", { b: { id: "b", name: "b", type: "Pod" } });
    clock.now += ttl - 5_000; // v1 is ttl+5s old, v2 ttl-5s
    expect(await repo.listOld("ns-old", ttl)).toEqual(new Map([["old-1", [v1]]]));
    clock.now += 20_000;
    const both = await repo.listOld("ns-old", ttl);
    expect(both.get("old-1")?.sort()).toEqual([v1, v2].sort());
    // Saving the same nodes again refreshes updatedat (and keeps the row's content).
    expect(await repo.save("old-1", "ns-old", { a: { id: "a", name: "a", type: "Pod" } })).toBe(v1);
    expect(await repo.listOld("ns-old", ttl)).toEqual(new Map([["old-1", [v2]]]));
    expect(await repo.listOld("another-ns", ttl)).toEqual(new Map());
  });

  it("deleteOlderThan deletes only rows still older than the cut-off", async () => {
    clock.now = T0 + 7_200_000;
    const v1 = await repo.save("dot", "ns-dot", { a: { id: "a", name: "a", type: "Pod" } });
    const v2 = await repo.save("dot", "ns-dot", { b: { id: "b", name: "b", type: "Pod" } });
    clock.now += 60_000;
    const cutoff = new Date(clock.now - 1000);
    await repo.save("dot", "ns-dot", { b: { id: "b", name: "b", type: "Pod" } }); // v2 saved again, after cutoff
    const deleted = await repo.deleteOlderThan(
      [
        { uid: "dot", version: v1 },
        { uid: "dot", version: v2 },
      ],
      cutoff,
    );
    expect(deleted).toBe(1);
    expect((await rowsOf("dot")).map((r) => r.version)).toEqual([v2]);
  });

  it("delete removes one version; get of a missing row is a typed OffloadNotFoundError", async () => {
    const v = await repo.save("del", "argo", { a: { id: "a", name: "a", type: "Pod" } });
    expect(await repo.delete("del", v)).toBe(1);
    expect(await repo.delete("del", v)).toBe(0);
    const err = await repo.get("del", v).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffloadNotFoundError);
    expect(err).toMatchObject({ code: "NotFound", uid: "del", version: v, clusterName: "default" });
    expect((err as Error).message).not.toMatch(/no more rows|Failed query/);
  });

  it("rejects an empty uid or version with a TypeError naming it", async () => {
    await expect(repo.save("", "argo", {})).rejects.toThrow(new TypeError("uid: must not be empty"));
    await expect(repo.save("u", "", {})).rejects.toThrow(new TypeError("namespace: must not be empty"));
    await expect(repo.get("u", "")).rejects.toThrow(new TypeError("version: must not be empty"));
    await expect(repo.get("", "fnv:1")).rejects.toThrow(TypeError);
    await expect(repo.delete("u", "")).rejects.toThrow(new TypeError("version: must not be empty"));
    await expect(repo.delete("", "v")).rejects.toThrow(new TypeError("uid: must not be empty"));
    await expect(repo.save("u", "argo", [] as never)).rejects.toThrow(/nodes: expected a JSON object/);
    await expect(repo.save("u", "argo", { a: 5 } as never)).rejects.toThrow(/node "a" is number/);
    await expect(repo.listOld("", -1)).rejects.toThrow(/ttl: must be/);
  });

  it("reports a corrupt nodes row naming uid and version, and leaves it in place", async () => {
    const table = q(db, "argo_workflows");
    await raw.query(
      `INSERT INTO ${table} (clustername, uid, namespace, version, nodes, updatedat) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        "default",
        "bad-uid",
        "ns-bad",
        "fnv:42",
        '{"n1": 5}',
        backend === "sqlite" ? T0 : "2026-12-01 12:00:00",
      ],
    );
    const err = await repo.get("bad-uid", "fnv:42").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptNodesError);
    expect((err as Error).message).toContain('uid "bad-uid" version "fnv:42"');
    expect((err as Error).message).toContain('node "n1" is number');
    await expect(repo.list("ns-bad")).rejects.toThrow(/uid "bad-uid" version "fnv:42"/);
    expect(await rowsOf("bad-uid")).toHaveLength(1);
    if (backend === "sqlite") {
      await raw.query(
        `INSERT INTO ${table} (clustername, uid, namespace, version, nodes) VALUES (?, ?, ?, ?, ?)`,
        ["default", "bad-uid", "ns-bad", "fnv:43", "{not json"],
      );
      await expect(repo.get("bad-uid", "fnv:43")).rejects.toThrow(
        /uid "bad-uid" version "fnv:43" are corrupt.*not JSON/,
      );
    }
  });

  it("round-trips a realistic 1 MiB node map byte for byte", async () => {
    const nodes = realisticNodes(MIB, 7);
    const json = JSON.stringify(nodes);
    expect(json.length).toBeGreaterThanOrEqual(MIB);
    expect(Object.keys(nodes).length).toBeGreaterThan(1000);
    const version = await repo.save("big-1", "argo", nodes);
    expect(version).toBe(offloadVersion(nodes));
    const [row] = await rowsOf("big-1");
    // Compared as booleans: a failing diff of two 1 MiB strings helps nobody.
    expect(row?.nodes === json).toBe(true);
    expect(JSON.stringify(await repo.get("big-1", version)) === json).toBe(true);
  });

  it("refuses a 50 MiB node map with a clear error and writes nothing", async () => {
    const nodes = huge();
    const err = await repo.save("huge", "argo", nodes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodesTooLargeError);
    expect((err as Error).message).toMatch(
      /^offload of uid "huge" refused: nodes are \d+ bytes of JSON, more than maxNodesBytes 33554432; raise maxNodesBytes/,
    );
    expect(await rowsOf("huge")).toEqual([]);
  });
});

let hugeNodes: ReturnType<typeof realisticNodes> | undefined;
function huge() {
  hugeNodes ??= realisticNodes(50 * MIB, 3);
  return hugeNodes;
}

describe("a larger maxNodesBytes", () => {
  it("stores a 50 MiB node map when configured (SQLite, embedded)", async () => {
    const db = await createTestDatabase("sqlite");
    const repo = openOffloadRepository({ url: db.url, maxNodesBytes: 64 * MIB });
    try {
      const nodes = huge();
      expect(jsonBytes(nodes)).toBeGreaterThanOrEqual(50 * MIB);
      const version = await repo.save("huge", "argo", nodes);
      expect(JSON.stringify(await repo.get("huge", version)) === JSON.stringify(nodes)).toBe(true);
    } finally {
      await repo.close();
      await db.drop();
    }
  }, 30_000);
});
