// Port of client-go util/workqueue/metrics_test.go (spec A8, A10), plus the derived metric cases.
import { describe, expect, it } from "vitest";
import { DelayingQueue, FakeClock, Queue, RateLimitingQueue } from "../src/index.ts";
import { RecordingProvider } from "./helpers.ts";

describe("metrics_test.go", () => {
  it("TestMetricShutdown: the periodic update stops on shutdown", () => {
    const clock = new FakeClock();
    const metrics = new RecordingProvider();
    const q = new Queue<string>({ name: "test", metrics, clock, metricsUpdatePeriodMs: 1 });
    clock.step(1);
    expect(metrics.of("test").unfinished.sets).toBe(1);
    q.shutDown();
    clock.step(60 * 60 * 1000);
    expect(metrics.of("test").unfinished.sets).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("TestMetrics", async () => {
    const clock = new FakeClock(0);
    const metrics = new RecordingProvider();
    const m = metrics.of("test");
    const q = new Queue<string>({ name: "test", metrics, clock, metricsUpdatePeriodMs: 1 });

    q.add("foo");
    expect(m.adds.count).toBe(1);
    expect(m.depth.value).toBe(1);

    clock.step(0.05);
    expect(await q.get()).toEqual({ shutdown: false, item: "foo" });
    expect(m.latency.count).toBe(1);
    expect(m.latency.last).toBeCloseTo(5e-5, 12);

    for (let i = 0; i < 5; i++) q.add("foo");
    expect(m.adds.count).toBe(2);
    expect(m.depth.value).toBe(1);

    clock.step(0.025);
    q.done("foo");
    expect(m.workDuration.count).toBe(1);
    expect(m.workDuration.last).toBeCloseTo(2.5e-5, 12);
    expect(m.depth.value).toBe(1);

    expect(await q.get()).toEqual({ shutdown: false, item: "foo" });
    expect(m.latency.count).toBe(2);
    expect(m.latency.last).toBeCloseTo(2.5e-5, 12);

    clock.step(1);
    expect(m.unfinished.value).toBeCloseTo(0.001, 12);
    expect(m.longest.value).toBeCloseTo(0.001, 12);

    q.done("foo");
    expect(m.workDuration.count).toBe(2);
    expect(m.workDuration.last).toBeCloseTo(0.001, 12);
    q.shutDown();
  });
});

describe("metrics: derived cases", () => {
  it("the default update period is 500 ms and the gauges sum / max the in-flight ages", async () => {
    const clock = new FakeClock();
    const metrics = new RecordingProvider();
    const m = metrics.of("q");
    const q = new Queue<string>({ name: "q", metrics, clock });
    q.add("a");
    await q.get();
    clock.step(250);
    q.add("b");
    await q.get();
    expect(m.unfinished.sets).toBe(0);
    clock.step(250);
    expect(m.unfinished.sets).toBe(1);
    expect(m.unfinished.value).toBeCloseTo(0.75, 12);
    expect(m.longest.value).toBeCloseTo(0.5, 12);
    q.done("a");
    q.done("b");
    clock.step(500);
    expect(m.unfinished.value).toBe(0);
    expect(m.longest.value).toBe(0);
    q.shutDown();
  });

  it("the update timer does not keep the process alive (unref) and only runs with a name and a provider", () => {
    const clock = new FakeClock();
    const q = new Queue<string>({ name: "q", metrics: new RecordingProvider(), clock });
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.pendingTimers({ includeUnref: false })).toBe(0);
    q.shutDown();
    const clock2 = new FakeClock();
    new Queue<string>({ metrics: new RecordingProvider(), clock: clock2 });
    new Queue<string>({ name: "unmetered", clock: clock2 });
    expect(clock2.pendingTimers()).toBe(0);
  });

  it("no metrics are recorded without a name", () => {
    const metrics = new RecordingProvider();
    const q = new Queue<string>({ metrics, clock: new FakeClock() });
    q.add("x");
    expect(metrics.queues.size).toBe(0);
  });

  it("depth exceeds len() while an item is dirty and processing", async () => {
    const metrics = new RecordingProvider();
    const q = new Queue<string>({ name: "d", metrics, clock: new FakeClock() });
    q.add("x");
    await q.get();
    q.add("x");
    expect(q.len()).toBe(0);
    expect(metrics.of("d").depth.value).toBe(1);
    q.shutDown();
  });

  it("retries counts every addAfter on a live queue, including delay <= 0, not after shutdown", () => {
    const metrics = new RecordingProvider();
    const clock = new FakeClock();
    const q = new DelayingQueue<string>({ name: "r", metrics, clock });
    q.addAfter("a", 10);
    q.addAfter("b", 0);
    q.addAfter("c", -5);
    expect(metrics.of("r").retries.count).toBe(3);
    q.shutDown();
    q.addAfter("d", 10);
    expect(metrics.of("r").retries.count).toBe(3);
  });

  it("addRateLimited counts as a retry; add does not", () => {
    const metrics = new RecordingProvider();
    const q = new RateLimitingQueue<string>({ name: "rl", metrics, clock: new FakeClock() });
    q.add("a");
    q.addRateLimited("b");
    expect(metrics.of("rl").retries.count).toBe(1);
    expect(metrics.of("rl").adds.count).toBe(1);
    q.shutDown();
  });

  it("done of an item that is not being processed is a no-op counted by invalidDone (Weft divergence)", async () => {
    const metrics = new RecordingProvider();
    const m = metrics.of("inv");
    const q = new Queue<string>({ name: "inv", metrics, clock: new FakeClock() });
    q.add("queued");
    q.done("queued"); // client-go would push it a second time
    q.done("never-added");
    expect(m.invalidDone.count).toBe(2);
    expect(q.len()).toBe(1);
    expect(await q.get()).toEqual({ shutdown: false, item: "queued" });
    q.done("queued");
    q.done("queued"); // second done of the same get
    expect(m.invalidDone.count).toBe(3);
    expect(m.workDuration.count).toBe(1);
    expect(q.len()).toBe(0);
    q.shutDown();
  });
});
