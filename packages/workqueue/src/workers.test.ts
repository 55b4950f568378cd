import { afterEach, describe, expect, it, vi } from "vitest";
import { ItemExponentialFailureRateLimiter } from "./exponential-failure-rate-limiter.ts";
import { FakeClock } from "./fake-clock.ts";
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  QueueMetricsProvider,
  SettableGaugeMetric,
} from "./metrics.ts";
import { RateLimitingQueue } from "./rate-limiting-queue.ts";
import { type DropInfo, runWorkers } from "./workers.ts";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(clock: FakeClock, cond: () => boolean, stepMs = 1, max = 100_000): Promise<void> {
  for (let i = 0; i < max; i++) {
    await flush();
    if (cond()) return;
    clock.step(stepMs);
  }
  throw new Error("condition not reached");
}

function setup(baseDelayMs = 1) {
  const clock = new FakeClock();
  const q = new RateLimitingQueue<string>({
    clock,
    rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs, maxDelayMs: 1000 }),
  });
  return { clock, q };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("runWorkers", () => {
  it("success: the item is forgotten and done; nothing is retried", async () => {
    const { clock, q } = setup();
    q.addRateLimited("a"); // one recorded failure, then handed out after 1 ms
    const seen: [string, number][] = [];
    const pool = runWorkers(q, {
      concurrency: 2,
      handler: (item, ctx) => {
        seen.push([item, ctx.retries]);
      },
    });
    await until(clock, () => seen.length === 1);
    await flush();
    expect(seen).toEqual([["a", 1]]);
    expect(q.numRequeues("a")).toBe(0);
    q.add("a"); // not processing any more, so it is queued and handled again
    await until(clock, () => seen.length === 2);
    q.shutDown();
    await pool.stopped;
    expect(pool.busy()).toBe(0);
  });

  it("failure: retried with backoff until maxRetries, then dropped and forgotten", async () => {
    const { clock, q } = setup();
    const attempts: [number, number][] = [];
    const drops: DropInfo[] = [];
    const errors: number[] = [];
    const pool = runWorkers(q, {
      concurrency: 1,
      maxRetries: 3,
      handler: async (_item, ctx) => {
        attempts.push([clock.now(), ctx.retries]);
        throw new Error("boom");
      },
      onError: (_e, _item, retries) => errors.push(retries),
      onDrop: (_item, info) => drops.push(info),
    });
    q.add("a");
    await until(clock, () => drops.length === 1);
    expect(attempts).toEqual([
      [0, 0],
      [1, 1],
      [3, 2],
      [7, 3],
    ]);
    expect(errors).toEqual([0, 1, 2, 3]);
    expect(drops[0]?.reason).toBe("maxRetries");
    expect(drops[0]?.retries).toBe(3);
    expect(drops[0]?.error).toEqual(new Error("boom"));
    expect(q.numRequeues("a")).toBe(0);
    expect(q.len()).toBe(0);
    q.shutDown();
    await pool.stopped;
  });

  it("a handler that throws synchronously is handled like a rejection", async () => {
    const { clock, q } = setup();
    let calls = 0;
    const drops: string[] = [];
    const pool = runWorkers(q, {
      concurrency: 1,
      maxRetries: 1,
      handler: () => {
        calls++;
        throw new TypeError("sync");
      },
      onDrop: (item) => drops.push(item),
    });
    q.add("a");
    await until(clock, () => drops.length === 1);
    expect(calls).toBe(2);
    q.add("a");
    await until(clock, () => calls === 3);
    q.shutDown();
    await pool.stopped;
  });

  it("isRetryable false drops at once with reason notRetryable", async () => {
    const { clock, q } = setup();
    const drops: DropInfo[] = [];
    const pool = runWorkers(q, {
      concurrency: 1,
      handler: () => Promise.reject(new Error("permanent")),
      isRetryable: (e) => (e as Error).message !== "permanent",
      onDrop: (_i, info) => drops.push(info),
    });
    q.add("a");
    await until(clock, () => drops.length === 1);
    expect(drops[0]).toMatchObject({ reason: "notRetryable", retries: 0 });
    expect(q.waitingLen()).toBe(0);
    q.shutDown();
    await pool.stopped;
  });

  it("requeueAfterMs: forgets the failures, then adds the item back after the delay", async () => {
    const { clock, q } = setup();
    const times: number[] = [];
    const pool = runWorkers(q, {
      concurrency: 1,
      handler: () => {
        times.push(clock.now());
        return times.length < 3 ? { requeueAfterMs: 50 } : undefined;
      },
    });
    q.addRateLimited("a");
    q.addRateLimited("a");
    await until(clock, () => times.length === 3);
    expect(times).toEqual([1, 51, 101]);
    expect(q.numRequeues("a")).toBe(0);
    q.shutDown();
    await pool.stopped;
  });

  it("a handler resolving to some other object is a plain success, not a requeue", async () => {
    const { clock, q } = setup();
    let calls = 0;
    const pool = runWorkers(q, {
      concurrency: 1,
      // a JavaScript caller (or a cast) may resolve with the object it reconciled
      handler: (() => {
        calls++;
        return Promise.resolve({ metadata: { name: "a" } });
      }) as unknown as () => undefined,
    });
    q.add("a");
    await until(clock, () => calls === 1 && q.len() === 0);
    expect(q.waitingLen()).toBe(0);
    clock.step(1000);
    await flush();
    expect(calls).toBe(1);
    q.shutDown();
    await pool.stopped;
  });

  it("a failure while shutting down is dropped with reason shutdown; queued items are still handled", async () => {
    const { q } = setup();
    const drops: DropInfo[] = [];
    const handled: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    q.add("a");
    q.add("b");
    const pool = runWorkers(q, {
      concurrency: 1,
      handler: async (item) => {
        handled.push(item);
        if (item === "a") {
          await gate;
          throw new Error("late");
        }
      },
      onDrop: (_i, info) => drops.push(info),
    });
    await flush();
    const drained = q.shutDownWithDrain();
    release();
    await drained;
    await pool.stopped;
    expect(drops.map((d) => d.reason)).toEqual(["shutdown"]);
    expect(handled).toEqual(["a", "b"]);
  });

  it("never runs one key on two workers, whatever the concurrency and re-adds", async () => {
    const { clock, q } = setup();
    const active = new Set<string>();
    let overlaps = 0;
    let runs = 0;
    const pool = runWorkers(q, {
      concurrency: 8,
      handler: async (item) => {
        if (active.has(item)) overlaps++;
        active.add(item);
        runs++;
        q.add(item); // re-add while processing: handled again after done
        await new Promise<void>((resolve) => clock.setTimer(resolve, 1));
        active.delete(item);
        if (runs > 200) q.shutDown();
      },
    });
    for (const k of ["a", "b", "c"]) q.add(k);
    await until(clock, () => q.shuttingDown() && pool.busy() === 0);
    await pool.stopped;
    expect(overlaps).toBe(0);
    expect(runs).toBeGreaterThan(200);
  });

  it("aborting the signal stops taking items, aborts the handler's signal, and still calls done", async () => {
    const { q } = setup();
    const ac = new AbortController();
    let sawAbort = false;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pool = runWorkers(q, {
      concurrency: 3,
      signal: ac.signal,
      handler: async (_item, ctx) => {
        await gate;
        sawAbort = ctx.signal.aborted;
      },
    });
    q.add("a");
    q.add("b");
    await flush();
    expect(pool.busy()).toBe(2);
    ac.abort();
    q.add("c");
    release();
    await pool.stopped;
    expect(sawAbort).toBe(true);
    expect(pool.busy()).toBe(0);
    expect(q.len()).toBe(1); // "c" was not taken
    expect(q.shuttingDown()).toBe(false);
    await q.shutDownWithDrain(); // nothing left in processing
  });

  it("a throwing hook cannot leak the item; its error is rethrown asynchronously", async () => {
    const { clock, q } = setup();
    const rethrown: unknown[] = [];
    const real = globalThis.queueMicrotask;
    vi.spyOn(globalThis, "queueMicrotask").mockImplementation((cb) => {
      real(() => {
        try {
          cb();
        } catch (e) {
          rethrown.push(e);
        }
      });
    });
    let calls = 0;
    const pool = runWorkers(q, {
      concurrency: 1,
      maxRetries: 0,
      handler: () => {
        calls++;
        throw new Error("fail");
      },
      onError: () => {
        throw new Error("onError hook bug");
      },
      onDrop: () => {
        throw new Error("onDrop hook bug");
      },
    });
    q.add("a");
    await until(clock, () => rethrown.length === 2);
    expect(rethrown.map((e) => (e as Error).message)).toEqual(["onError hook bug", "onDrop hook bug"]);
    q.add("a"); // "a" was done, so it is handled again
    await until(clock, () => calls === 2);
    q.shutDown();
    await pool.stopped;
  });

  it("reports busy workers through the queue's metrics provider", async () => {
    const clock = new FakeClock();
    const busy = { value: 0, max: 0 };
    const gauge: GaugeMetric = {
      inc: () => {
        busy.value++;
        busy.max = Math.max(busy.max, busy.value);
      },
      dec: () => {
        busy.value--;
      },
    };
    const noop = { inc() {}, dec() {}, set() {}, observe() {} } as CounterMetric &
      GaugeMetric &
      SettableGaugeMetric &
      HistogramMetric;
    const provider: QueueMetricsProvider = {
      newDepthMetric: () => noop,
      newAddsMetric: () => noop,
      newLatencyMetric: () => noop,
      newWorkDurationMetric: () => noop,
      newUnfinishedWorkSecondsMetric: () => noop,
      newLongestRunningProcessorSecondsMetric: () => noop,
      newRetriesMetric: () => noop,
      newBusyWorkersMetric: () => gauge,
    };
    const q = new RateLimitingQueue<string>({ name: "w", metrics: provider, clock });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pool = runWorkers(q, { concurrency: 4, handler: () => gate });
    for (const k of ["a", "b", "c"]) q.add(k);
    await flush();
    expect(busy.value).toBe(3);
    expect(pool.busy()).toBe(3);
    release();
    await flush();
    expect(busy.value).toBe(0);
    q.shutDown();
    await pool.stopped;
    expect(busy.max).toBe(3);
  });

  it("validates its options with TypeErrors naming the option", () => {
    const { q } = setup();
    expect(() => runWorkers(q, { concurrency: 0, handler: () => {} })).toThrow(/concurrency/);
    expect(() => runWorkers(q, { concurrency: 1.5, handler: () => {} })).toThrow(/concurrency/);
    expect(() => runWorkers(q, { concurrency: 1, handler: "x" as never })).toThrow(/handler/);
    expect(() => runWorkers(q, { concurrency: 1, handler: () => {}, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => runWorkers(q, null as never)).toThrow(/options/);
  });
});
