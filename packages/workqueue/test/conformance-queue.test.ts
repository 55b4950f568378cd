// Port of client-go util/workqueue/queue_test.go (spec part A10), on a fake clock.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { FakeClock, FifoStorage, Queue } from "../src/index.ts";
import { runUntil, settle, sleep, track } from "./helpers.ts";

type Finish = "ShutDown" | "ShutDownWithDrain";
const finishes: Finish[] = ["ShutDown", "ShutDownWithDrain"];

async function finish(q: Queue<number | string>, how: Finish): Promise<void> {
  if (how === "ShutDown") q.shutDown();
  else await q.shutDownWithDrain();
}

describe("queue_test.go", () => {
  describe.each(finishes)("TestBasic (%s)", (how) => {
    it("50 producers x 50 adds, 10 consumers; nothing is handed out after shutdown", async () => {
      const clock = new FakeClock();
      const q = new Queue<number | string>({ clock });
      let producersLeft = 50;
      const producers = Array.from({ length: 50 }, async () => {
        for (let j = 0; j < 50; j++) {
          q.add(j);
          await sleep(clock, 1);
        }
        producersLeft--;
      });
      const seen: (number | string)[] = [];
      let consumersLeft = 10;
      const consumers = Array.from({ length: 10 }, async () => {
        for (;;) {
          const r = await q.get();
          if (r.shutdown) break;
          seen.push(r.item);
          await sleep(clock, 3);
          q.done(r.item);
        }
        consumersLeft--;
      });
      await runUntil(clock, () => producersLeft === 0);
      await Promise.all(producers);
      const finishing = finish(q, how);
      q.add("added after shutdown!");
      await runUntil(clock, () => consumersLeft === 0);
      await Promise.all([...consumers, finishing]);
      expect(seen).not.toContain("added after shutdown!");
      expect(new Set(seen)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => i)));
      expect(q.len()).toBe(0);
    });
  });

  describe.each(finishes)("TestAddWhileProcessing (%s)", (how) => {
    it("re-adds during processing are handed out again and never concurrently", async () => {
      const clock = new FakeClock();
      const q = new Queue<number | string>({ clock });
      for (let i = 0; i < 50; i++) q.add(i);
      const active = new Set<number | string>();
      const processed = new Map<number | string, number>();
      let overlaps = 0;
      let consumersLeft = 10;
      const consumers = Array.from({ length: 10 }, async () => {
        const counters = new Map<number | string, number>();
        for (;;) {
          const r = await q.get();
          if (r.shutdown) break;
          if (active.has(r.item)) overlaps++;
          active.add(r.item);
          processed.set(r.item, (processed.get(r.item) ?? 0) + 1);
          const c = counters.get(r.item) ?? 0;
          if (c < 2) {
            counters.set(r.item, c + 1);
            q.add(r.item);
          }
          await sleep(clock, 1);
          active.delete(r.item);
          q.done(r.item);
        }
        consumersLeft--;
      });
      await runUntil(clock, () => q.len() === 0 && active.size === 0);
      const finishing = finish(q, how);
      await runUntil(clock, () => consumersLeft === 0);
      await Promise.all([...consumers, finishing]);
      expect(overlaps).toBe(0);
      for (let i = 0; i < 50; i++) expect(processed.get(i)).toBeGreaterThanOrEqual(2);
      expect(q.len()).toBe(0);
    });
  });

  it("TestLen", () => {
    const q = new Queue<string>();
    q.add("foo");
    expect(q.len()).toBe(1);
    q.add("bar");
    expect(q.len()).toBe(2);
    q.add("foo");
    expect(q.len()).toBe(2);
  });

  it("TestReinsert", async () => {
    const q = new Queue<string>();
    q.add("foo");
    const first = await q.get();
    expect(first).toEqual({ shutdown: false, item: "foo" });
    q.add("foo");
    q.done("foo");
    const second = await q.get();
    expect(second).toEqual({ shutdown: false, item: "foo" });
    q.done("foo");
    expect(q.len()).toBe(0);
  });

  class TouchRecorder<T> extends FifoStorage<T> {
    touched: T[] = [];
    override touch(item: T): void {
      this.touched.push(item);
    }
  }

  it("TestCollapse: an add of a waiting item touches the storage", async () => {
    const storage = new TouchRecorder<string>();
    const q = new Queue<string>({ storage });
    q.add("bar");
    q.add("bar");
    expect(await q.get()).toEqual({ shutdown: false, item: "bar" });
    q.done("bar");
    expect(q.len()).toBe(0);
    expect(storage.touched).toEqual(["bar"]);
  });

  it("TestCollapseWhileProcessing: a second worker waits until done; no touch", async () => {
    const clock = new FakeClock();
    const storage = new TouchRecorder<string>();
    const q = new Queue<string>({ storage, clock });
    q.add("foo");
    expect(await q.get()).toEqual({ shutdown: false, item: "foo" });
    q.add("foo");
    q.add("foo");
    const second = track(q.get());
    clock.step(100);
    await settle();
    expect(second.settled).toBe(false);
    q.done("foo");
    await settle();
    expect(second.value).toEqual({ shutdown: false, item: "foo" });
    q.done("foo");
    expect(q.len()).toBe(0);
    expect(storage.touched).toEqual([]);
  });

  it("TestQueueDrainageUsingShutDownWithDrain", async () => {
    const q = new Queue<string>();
    q.add("foo");
    q.add("bar");
    await q.get();
    await q.get();
    const drained = track(q.shutDownWithDrain());
    expect(await q.get()).toEqual({ shutdown: true });
    await settle();
    expect(drained.settled).toBe(false);
    q.done("foo");
    await settle();
    expect(drained.settled).toBe(false);
    q.done("bar");
    await settle();
    expect(drained.settled).toBe(true);
  });

  it("TestNoQueueDrainageUsingShutDown", async () => {
    const q = new Queue<string>();
    q.add("foo");
    q.add("bar");
    await q.get();
    await q.get();
    q.shutDown();
    expect(q.shuttingDown()).toBe(true);
    expect(await q.get()).toEqual({ shutdown: true });
  });

  it("TestForceQueueShutdownUsingShutDown: shutDown releases a pending drain", async () => {
    const q = new Queue<string>();
    q.add("foo");
    q.add("bar");
    await q.get();
    await q.get();
    const drained = track(q.shutDownWithDrain());
    expect(await q.get()).toEqual({ shutdown: true });
    await settle();
    expect(drained.settled).toBe(false);
    q.shutDown();
    await settle();
    expect(drained.settled).toBe(true);
  });

  it("TestQueueDrainageUsingShutDownWithDrainWithDirtyItem", async () => {
    const q = new Queue<string>();
    q.add("foo");
    await q.get();
    q.add("foo");
    const drained = track(q.shutDownWithDrain());
    expect(await q.get()).toEqual({ shutdown: true });
    q.done("foo");
    expect(await q.get()).toEqual({ shutdown: false, item: "foo" });
    q.done("foo");
    expect(await q.get()).toEqual({ shutdown: true });
    await settle();
    expect(drained.settled).toBe(true);
  });

  async function addGetDone(
    q: Queue<{ name: string }, { name: string }>,
  ): Promise<WeakRef<{ name: string }>> {
    const obj = { name: "leaky" };
    q.add(obj);
    q.add({ name: "still queued" }); // keeps the storage non-empty, so only slot clearing frees obj
    const r = await q.get();
    if (r.shutdown) throw new Error("unexpected shutdown");
    q.done(r.item);
    return new WeakRef(obj);
  }

  it("TestGarbageCollection: the queue keeps no reference to a finished item", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const q = new Queue<{ name: string }, { name: string }>({ key: (x) => x });
    const ref = await addGetDone(q);
    await settle();
    gc();
    await settle();
    gc();
    expect(ref.deref()).toBeUndefined();
    expect(q.len()).toBe(1);
  });
});
