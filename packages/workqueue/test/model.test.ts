// Model-based property test: random add / addAfter / addRateLimited / forget / clock steps / handler outcomes /
// shutdown, with concurrent async workers from runWorkers, checked in lock step against a plain model of
// client-go's semantics.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock, ItemExponentialFailureRateLimiter, RateLimitingQueue, runWorkers } from "../src/index.ts";
import { settle } from "./helpers.ts";

const KEYS = ["a", "b", "c", "d", "e"] as const;
type Key = (typeof KEYS)[number];
const MAX_DELAY = 64;

type Op =
  | { op: "add"; key: Key }
  | { op: "addAfter"; key: Key; delay: number }
  | { op: "addRateLimited"; key: Key }
  | { op: "forget"; key: Key }
  | { op: "step"; ms: number }
  | { op: "finish"; pick: number; outcome: "success" | "fail" }
  | { op: "shutdown"; drain: boolean };

const key = fc.constantFrom(...KEYS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("add" as const), key }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("addAfter" as const),
      key,
      delay: fc.integer({ min: -2, max: 20 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("addRateLimited" as const), key }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("forget" as const), key }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("step" as const), ms: fc.integer({ min: 1, max: 30 }) }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("finish" as const),
      pick: fc.nat(),
      outcome: fc.constantFrom("success" as const, "fail" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("shutdown" as const), drain: fc.boolean() }) },
);

/** The reference model: client-go's queue + delaying queue + exponential limiter + the worker pool's rules. */
class Model {
  now = 0;
  shuttingDown = false;
  readonly dirty = new Set<Key>();
  readonly processing = new Map<Key, number>(); // key -> retries seen when its handler started
  readonly fifo: Key[] = [];
  readonly waiting = new Map<Key, { readyAt: number; seq: number }>();
  readonly failures = new Map<Key, number>();
  seq = 0;
  idle: number;
  readonly maxRetries: number;

  constructor(workers: number, maxRetries: number) {
    this.idle = workers;
    this.maxRetries = maxRetries;
  }

  add(k: Key): void {
    if (this.shuttingDown || this.dirty.has(k)) return;
    this.dirty.add(k);
    if (this.processing.has(k)) return;
    this.fifo.push(k);
    this.dispatch();
  }

  addAfter(k: Key, delay: number): void {
    if (this.shuttingDown) return;
    if (delay <= 0) {
      this.add(k);
      return;
    }
    const readyAt = this.now + delay;
    const w = this.waiting.get(k);
    if (w === undefined) this.waiting.set(k, { readyAt, seq: this.seq++ });
    else if (readyAt < w.readyAt) w.readyAt = readyAt;
  }

  addRateLimited(k: Key): void {
    const f = this.failures.get(k) ?? 0;
    this.failures.set(k, f + 1);
    this.addAfter(k, Math.min(2 ** f, MAX_DELAY));
  }

  step(ms: number): void {
    this.now += ms;
    const due = [...this.waiting.entries()]
      .filter(([, w]) => w.readyAt <= this.now)
      .sort(([, x], [, y]) => x.readyAt - y.readyAt || x.seq - y.seq);
    for (const [k] of due) {
      this.waiting.delete(k);
      this.add(k);
    }
  }

  finish(k: Key, outcome: "success" | "fail"): void {
    const retries = this.processing.get(k) ?? 0;
    if (outcome === "success") this.failures.delete(k);
    else if (this.shuttingDown || retries >= this.maxRetries) this.failures.delete(k);
    else this.addRateLimited(k);
    // done
    this.processing.delete(k);
    if (this.dirty.has(k)) {
      this.fifo.push(k);
      this.dispatch();
    }
    // the worker loops back to get(): takes the head, waits, or exits once shut down and empty
    if (!this.shuttingDown || this.fifo.length > 0) {
      this.idle++;
      this.dispatch();
    }
  }

  shutdown(): void {
    this.shuttingDown = true;
    this.waiting.clear();
    if (this.fifo.length === 0) this.idle = 0; // waiting workers see { shutdown: true } and exit
  }

  dispatch(): void {
    while (this.idle > 0 && this.fifo.length > 0) {
      const k = this.fifo.shift() as Key;
      this.dirty.delete(k);
      this.processing.set(k, this.failures.get(k) ?? 0);
      this.idle--;
    }
    if (this.shuttingDown && this.fifo.length === 0) this.idle = 0;
  }
}

class CountingQueue extends RateLimitingQueue<Key> {
  readonly gets = new Map<Key, number>();
  readonly dones = new Map<Key, number>();
  readonly lastAdd = new Map<Key, number>();
  tick = 0;
  override add(item: Key): void {
    if (!this.shuttingDown()) this.lastAdd.set(item, ++this.tick);
    super.add(item);
  }
  override async get(options?: Parameters<RateLimitingQueue<Key>["get"]>[0]) {
    const r = await super.get(options);
    if (!r.shutdown) this.gets.set(r.item, (this.gets.get(r.item) ?? 0) + 1);
    return r;
  }
  override done(item: Key): void {
    this.dones.set(item, (this.dones.get(item) ?? 0) + 1);
    super.done(item);
  }
}

interface Deferred {
  resolve: () => void;
  reject: (e: unknown) => void;
}

async function runScenario(workers: number, maxRetries: number, ops: Op[]): Promise<void> {
  const clock = new FakeClock();
  const q = new CountingQueue({
    clock,
    rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: MAX_DELAY }),
  });
  const model = new Model(workers, maxRetries);
  const active = new Map<Key, Deferred>();
  const lastStart = new Map<Key, number>();
  const violations: string[] = [];
  const pool = runWorkers(q, {
    concurrency: workers,
    maxRetries,
    handler: (item) => {
      if (active.has(item)) violations.push(`${item} handed to two workers at once`);
      lastStart.set(item, ++q.tick);
      return new Promise<void>((resolve, reject) => {
        active.set(item, {
          resolve: () => {
            active.delete(item);
            resolve();
          },
          reject: (e) => {
            active.delete(item);
            reject(e);
          },
        });
      });
    },
  });
  const drains: Promise<void>[] = [];

  const check = (where: string) => {
    expect(violations, where).toEqual([]);
    expect(q.len(), `${where}: len`).toBe(model.fifo.length);
    expect(q.waitingLen(), `${where}: waiting`).toBe(model.waiting.size);
    expect([...active.keys()].sort(), `${where}: processing`).toEqual([...model.processing.keys()].sort());
    expect(q.shuttingDown()).toBe(model.shuttingDown);
    for (const k of KEYS) {
      expect(q.numRequeues(k), `${where}: numRequeues(${k})`).toBe(model.failures.get(k) ?? 0);
      const open = (q.gets.get(k) ?? 0) - (q.dones.get(k) ?? 0);
      expect(open, `${where}: gets - dones for ${k}`).toBe(active.has(k) ? 1 : 0);
    }
  };

  const finish = (k: Key, outcome: "success" | "fail") => {
    const d = active.get(k);
    if (d === undefined) return;
    if (outcome === "success") d.resolve();
    else d.reject(new Error("fail"));
    model.finish(k, outcome);
  };

  for (const [i, op] of ops.entries()) {
    switch (op.op) {
      case "add":
        q.add(op.key);
        model.add(op.key);
        break;
      case "addAfter":
        q.addAfter(op.key, op.delay);
        model.addAfter(op.key, op.delay);
        break;
      case "addRateLimited":
        q.addRateLimited(op.key);
        model.addRateLimited(op.key);
        break;
      case "forget":
        q.forget(op.key);
        model.failures.delete(op.key);
        break;
      case "step":
        clock.step(op.ms);
        model.step(op.ms);
        break;
      case "finish": {
        const keys = [...active.keys()].sort();
        const k = keys[op.pick % Math.max(1, keys.length)];
        if (k !== undefined) finish(k, op.outcome);
        break;
      }
      case "shutdown":
        if (op.drain) drains.push(q.shutDownWithDrain());
        else q.shutDown();
        model.shutdown();
        break;
    }
    await settle();
    check(`after op ${i} ${JSON.stringify(op)}`);
  }

  // Quiesce before shutdown: fire every delay, let every handler succeed. Then nothing added may be lost.
  for (let round = 0; round < 100 && (active.size > 0 || q.len() > 0 || q.waitingLen() > 0); round++) {
    clock.step(MAX_DELAY * 2);
    model.step(MAX_DELAY * 2);
    await settle();
    for (const k of [...active.keys()].sort()) finish(k, "success");
    await settle();
    check(`quiescing round ${round}`);
  }
  expect(active.size).toBe(0);
  if (!model.shuttingDown) {
    for (const [k, added] of q.lastAdd) {
      expect(
        lastStart.get(k) ?? 0,
        `key ${k} added at ${added} was never handled after that`,
      ).toBeGreaterThan(added);
    }
  }
  q.shutDown();
  await pool.stopped;
  await Promise.all(drains);
  for (const k of KEYS) expect(q.gets.get(k) ?? 0).toBe(q.dones.get(k) ?? 0);
}

describe("model-based: runWorkers over a RateLimitingQueue", () => {
  it("matches the model and never leaks or double-handles a key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(opArb, { minLength: 1, maxLength: 60 }),
        (workers, maxRetries, ops) => runScenario(workers, maxRetries, ops),
      ),
      { numRuns: 300 },
    );
  });
});
