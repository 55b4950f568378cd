import { FakeClock } from "@weft/retry";
import { afterEach, describe, expect, it } from "vitest";
import { collectGarbage } from "./gc.js";
import { openOffloadRepository } from "./open.js";
import type { OffloadRepository } from "./repository.js";

const TTL = 5 * 60_000;
const node = (id: string, phase = "Running") => ({ [id]: { id, name: id, type: "Pod", phase } });

describe("collectGarbage", () => {
  const clock = { now: Date.parse("2026-12-01T12:00:00Z") };
  let repo: OffloadRepository;
  const open = () => {
    repo = openOffloadRepository({
      url: "sqlite::memory:",
      now: () => clock.now,
      retryClock: new FakeClock({ auto: true }),
    });
    return repo;
  };
  afterEach(async () => {
    await repo?.close();
  });

  it("deletes old non-live versions, spares the live one and anything younger than the TTL", async () => {
    const r = open();
    const a1 = await r.save("a", "ns", node("a1"));
    const a2 = await r.save("a", "ns", node("a2"));
    const gone = await r.save("gone", "ns", node("g"));
    clock.now += TTL + 1000;
    const a3 = await r.save("a", "ns", node("a3")); // young
    const report = await collectGarbage(r, {
      ttl: TTL,
      liveVersionOf: (uid) => (uid === "a" ? a2 : undefined),
    });
    expect(report).toMatchObject({
      workflows: 2,
      listed: 3,
      deleted: 2,
      spared: [{ uid: "a", version: a2 }],
      failures: [],
    });
    expect(report.cutoff).toEqual(new Date(clock.now - TTL));
    expect((await r.list("")).map((x) => x.version).sort()).toEqual([a2, a3].sort());
    await expect(r.get("a", a1)).rejects.toThrow(/not found/);
    await expect(r.get("gone", gone)).rejects.toThrow(/not found/);
  });

  it("spares every version the callback names, and a workflow whose lookup fails", async () => {
    const r = open();
    const v1 = await r.save("a", "ns", node("1"));
    const v2 = await r.save("a", "ns", node("2"));
    const b = await r.save("b", "ns", node("b"));
    clock.now += TTL + 1000;
    const boom = new Error("informer not synced");
    const report = await collectGarbage(r, {
      ttl: TTL,
      liveVersionOf: (uid) => {
        if (uid === "b") throw boom;
        return [v1, v2];
      },
    });
    expect(report.deleted).toBe(0);
    expect(report.failures).toEqual([{ uid: "b", error: boom }]);
    expect((await r.list("")).map((x) => x.version).sort()).toEqual([v1, v2, b].sort());
  });

  it("holds the workflow lock around the check and the delete when given one", async () => {
    const r = open();
    await r.save("a", "ns", node("1"));
    await r.save("b", "other", node("2"));
    clock.now += TTL + 1000;
    const events: string[] = [];
    const report = await collectGarbage(r, {
      ttl: TTL,
      namespace: "ns",
      liveVersionOf: (uid) => {
        events.push(`live ${uid}`);
        return undefined;
      },
      lock: async (uid, fn) => {
        events.push(`lock ${uid}`);
        const n = await fn();
        events.push(`unlock ${uid} deleted ${n}`);
        return n;
      },
    });
    expect(events).toEqual(["lock a", "live a", "unlock a deleted 1"]);
    expect(report.deleted).toBe(1);
    expect((await r.list("")).map((x) => x.uid)).toEqual(["b"]);
  });

  it("keeps a version saved again between listing and deleting (the delete re-checks updatedat)", async () => {
    const r = open();
    const v = await r.save("a", "ns", node("1"));
    clock.now += TTL + 1000;
    const report = await collectGarbage(r, {
      ttl: TTL,
      liveVersionOf: async () => {
        await r.save("a", "ns", node("1")); // the controller made it live again meanwhile
        return undefined;
      },
    });
    expect(report.deleted).toBe(0);
    expect(await r.get("a", v)).toEqual(node("1"));
  });

  it("validates its options and stops when aborted", async () => {
    const r = open();
    await expect(collectGarbage(r, { ttl: -1, liveVersionOf: () => undefined })).rejects.toThrow(
      "ttl: must be a finite number of milliseconds >= 0, got -1",
    );
    await r.save("a", "ns", node("1"));
    clock.now += TTL + 1000;
    const report = await collectGarbage(r, {
      ttl: TTL,
      liveVersionOf: () => undefined,
      signal: AbortSignal.abort(),
    });
    expect(report).toMatchObject({ aborted: true, deleted: 0, listed: 1 });
  });
});
