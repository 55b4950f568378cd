import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.ts";
import { Queue } from "./queue.ts";
import { RateLimitingQueue } from "./rate-limiting-queue.ts";
import { FifoStorage } from "./storage.ts";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("Queue", () => {
  it("hands out items in order of first add, once each", async () => {
    const q = new Queue<string>();
    for (const k of ["a", "b", "a", "c", "b"]) q.add(k);
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await q.get();
      if (!r.shutdown) got.push(r.item);
    }
    expect(got).toEqual(["a", "b", "c"]);
  });

  it("a pending get receives the next add, waiters are served in order", async () => {
    const q = new Queue<number>();
    const first = q.get();
    const second = q.get();
    q.add(1);
    q.add(2);
    expect(await first).toEqual({ shutdown: false, item: 1 });
    expect(await second).toEqual({ shutdown: false, item: 2 });
    expect(q.len()).toBe(0);
  });

  it("shutDown resolves waiting gets, hands out what is still queued, ignores adds, never throws", async () => {
    const q = new Queue<string>();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toEqual({ shutdown: true });

    const q2 = new Queue<string>();
    q2.add("left");
    q2.shutDown();
    q2.shutDown();
    q2.add("ignored");
    expect(q2.len()).toBe(1);
    expect(await q2.get()).toEqual({ shutdown: false, item: "left" });
    expect(await q2.get()).toEqual({ shutdown: true });
    q2.done("left");
    q2.done("left");
    expect(q2.shuttingDown()).toBe(true);
  });

  it("done after shutdown still re-queues an item that was re-added before the shutdown", async () => {
    const q = new Queue<string>();
    q.add("x");
    await q.get();
    q.add("x");
    q.shutDown();
    q.done("x");
    expect(await q.get()).toEqual({ shutdown: false, item: "x" });
  });

  it("shutDownWithDrain with items queued but none processing resolves at once (spec A10 extra)", async () => {
    const q = new Queue<string>();
    q.add("a");
    q.add("b");
    await q.shutDownWithDrain();
    expect(q.len()).toBe(2);
  });

  it("shutDownWithDrain: an aborted signal releases the wait like shutDown()", async () => {
    const q = new Queue<string>();
    q.add("a");
    await q.get();
    const ac = new AbortController();
    let released = false;
    const drained = q.shutDownWithDrain({ signal: ac.signal }).then(() => {
      released = true;
    });
    await flush();
    expect(released).toBe(false);
    ac.abort();
    await drained;
    expect(released).toBe(true);
    const again = new AbortController();
    again.abort();
    await q.shutDownWithDrain({ signal: again.signal });
  });

  it("get with an aborted signal rejects with its reason and takes nothing", async () => {
    const q = new Queue<string>();
    const ac = new AbortController();
    const pending = q.get({ signal: ac.signal });
    ac.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    q.add("a");
    expect(q.len()).toBe(1);
    await expect(q.get({ signal: ac.signal })).rejects.toThrow("stop");
    expect(q.len()).toBe(1);
    expect(await q.get()).toEqual({ shutdown: false, item: "a" });
  });

  it("a signal of a served get is released (no listener left behind)", async () => {
    const q = new Queue<string>();
    const ac = new AbortController();
    const p = q.get({ signal: ac.signal });
    q.add("a");
    expect(await p).toEqual({ shutdown: false, item: "a" });
    ac.abort();
    q.done("a");
    expect(q.len()).toBe(0);
  });

  it("objects need a key function; with one, equal keys collapse", async () => {
    const q = new Queue<{ id: string }>();
    expect(() => q.add({ id: "a" })).toThrow(/options\.key/);
    const keyed = new Queue<{ id: string }, string>({ key: (o) => o.id });
    keyed.add({ id: "a" });
    keyed.add({ id: "a" });
    expect(keyed.len()).toBe(1);
    const r = await keyed.get();
    if (r.shutdown) throw new Error("shutdown");
    keyed.add({ id: "a" });
    keyed.done({ id: "a" }); // a different object with the same key
    expect(keyed.len()).toBe(1);
  });

  it("validates its options", () => {
    expect(() => new Queue<string>({ name: 3 as unknown as string })).toThrow(/options\.name/);
    expect(() => new Queue<string>({ key: "id" as never })).toThrow(/options\.key/);
    expect(() => new Queue<string>({ metricsUpdatePeriodMs: 0 })).toThrow(/metricsUpdatePeriodMs/);
    expect(() => new RateLimitingQueue<string>({ rateLimiter: {} as never })).toThrow(/options\.rateLimiter/);
  });

  it("FIFO storage stays correct across compaction (many items)", async () => {
    const q = new Queue<number>({ storage: new FifoStorage(), clock: new FakeClock() });
    for (let i = 0; i < 5000; i++) q.add(i);
    for (let i = 0; i < 3000; i++) {
      const r = await q.get();
      expect(r).toEqual({ shutdown: false, item: i });
      if (!r.shutdown) q.done(r.item);
    }
    for (let i = 5000; i < 6000; i++) q.add(i);
    expect(q.len()).toBe(3000);
    const rest: number[] = [];
    while (q.len() > 0) {
      const r = await q.get();
      if (!r.shutdown) rest.push(r.item);
    }
    expect(rest).toEqual(Array.from({ length: 3000 }, (_, i) => 3000 + i));
  });
});
