// Regression for the Volcano error-task bug (spec part C; volcano-sh/volcano#4071, fixed by #4082): an item dropped
// after too many retries was forgotten but never marked done, so its key stayed "processing" forever.
import { describe, expect, it } from "vitest";
import {
  BucketRateLimiter,
  type DropInfo,
  FakeClock,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  RateLimitingQueue,
  runWorkers,
} from "../src/index.ts";
import { RecordingProvider, runUntil, settle, track } from "./helpers.ts";

interface Pod {
  namespace: string;
  name: string;
}

/** Volcano's errTasks queue: pointer identity, MaxOf(exp 5 ms .. 180 s, bucket 10 qps / 100). */
function errTasks() {
  const clock = new FakeClock();
  const metrics = new RecordingProvider();
  const q = new RateLimitingQueue<Pod, Pod>({
    name: "errTasks",
    metrics,
    clock,
    key: (pod) => pod,
    rateLimiter: new MaxOfRateLimiter<Pod>(
      new ItemExponentialFailureRateLimiter({ baseDelayMs: 5, maxDelayMs: 180_000 }),
      new BucketRateLimiter({ qps: 10, burst: 100, clock }),
    ),
  });
  return { clock, q, m: metrics.of("errTasks") };
}

describe("Volcano errTasks loop", () => {
  it("with runWorkers: dropped after maxRetries, onDrop fires, a later add is processed, unfinished work returns to 0, drain returns", async () => {
    const { clock, q, m } = errTasks();
    const pod: Pod = { namespace: "ns", name: "job-task-0" };
    let failing = true;
    const attempts: { at: number; retries: number }[] = [];
    const drops: DropInfo[] = [];
    const pool = runWorkers(q, {
      concurrency: 1,
      maxRetries: 10,
      handler: (p, ctx) => {
        attempts.push({ at: clock.now(), retries: ctx.retries });
        if (failing) throw new Error(`failed to get Pod ${p.namespace}/${p.name}`);
      },
      onDrop: (_p, info) => drops.push(info),
    });

    q.addRateLimited(pod); // resyncTask(pod): the first enqueue is itself rate-limited (5 ms)
    await runUntil(clock, () => drops.length === 1);

    // 10 sync attempts, dequeued with NumRequeues 1..10, after 5, 10, 20, ... 2560 ms of back-off.
    expect(attempts.map((a) => a.retries)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const gaps = attempts.map((a, i) => a.at - (i === 0 ? 0 : (attempts[i - 1]?.at ?? 0)));
    expect(gaps).toEqual([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560]);
    expect(drops[0]).toMatchObject({ reason: "maxRetries", retries: 10 });

    // Conformance (spec C): after the drop, Len()==0, not processing, NumRequeues()==0, re-adding queues it again.
    expect(q.len()).toBe(0);
    expect(q.numRequeues(pod)).toBe(0);
    clock.step(500);
    expect(m.unfinished.value).toBe(0);
    expect(m.longest.value).toBe(0);

    failing = false;
    q.add(pod);
    await runUntil(clock, () => attempts.length === 11);
    expect(attempts[10]?.retries).toBe(0);

    const drained = track(q.shutDownWithDrain());
    await settle();
    expect(drained.settled).toBe(true);
    await pool.stopped;
    expect(m.depth.value).toBe(0);
    expect(m.invalidDone.count).toBe(0);
  });

  it("the pre-fix raw loop (Forget and return before Done) leaks the key: that is what runWorkers rules out", async () => {
    const { clock, q, m } = errTasks();
    const pod: Pod = { namespace: "ns", name: "job-task-0" };
    let syncs = 0;
    let dropped = false;
    let stop = false;

    // processResyncTask before volcano-sh/volcano#4082, written with the raw API.
    const worker = (async () => {
      while (!stop) {
        const r = await q.get();
        if (r.shutdown) return;
        if (q.numRequeues(r.item) > 10) {
          q.forget(r.item);
          dropped = true;
          continue; // BUG: returns before Done
        }
        syncs++;
        q.addRateLimited(r.item); // sync failed
        q.done(r.item);
      }
    })();

    q.addRateLimited(pod);
    await runUntil(clock, () => dropped);
    expect(syncs).toBe(10);

    q.add(pod);
    await settle();
    expect(q.len()).toBe(0); // only marked dirty: it is still "processing", never handed out again
    clock.step(60_000);
    await settle();
    expect(syncs).toBe(10);
    expect(m.longest.value).toBeGreaterThan(59);

    const drained = track(q.shutDownWithDrain());
    clock.step(3_600_000);
    await settle();
    expect(drained.settled).toBe(false); // blocks forever
    stop = true;
    q.shutDown();
    await worker;
  });

  it("the fixed raw loop (Done deferred right after Get) behaves like runWorkers", async () => {
    const { clock, q, m } = errTasks();
    const pod: Pod = { namespace: "ns", name: "job-task-0" };
    let syncs = 0;
    let dropped = false;
    const worker = (async () => {
      for (;;) {
        const r = await q.get();
        if (r.shutdown) return;
        try {
          if (q.numRequeues(r.item) > 10) {
            q.forget(r.item);
            dropped = true;
            continue;
          }
          syncs++;
          if (syncs <= 10) q.addRateLimited(r.item);
        } finally {
          q.done(r.item);
        }
      }
    })();
    q.addRateLimited(pod);
    await runUntil(clock, () => dropped);
    expect(syncs).toBe(10);
    expect(clock.now()).toBe(5 + 10 + 20 + 40 + 80 + 160 + 320 + 640 + 1280 + 2560 + 5120); // ~10.2 s
    q.add(pod);
    await runUntil(clock, () => syncs === 11);
    clock.step(500);
    expect(m.unfinished.value).toBe(0);
    await q.shutDownWithDrain();
    await worker;
  });
});
