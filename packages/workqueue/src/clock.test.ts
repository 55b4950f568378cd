import { describe, expect, it } from "vitest";
import { realClock } from "./clock.ts";
import type { QueueMetricsProvider } from "./metrics.ts";
import { Queue } from "./queue.ts";

const activeTimeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

const noop = { inc() {}, dec() {}, set() {}, observe() {} };
const provider: QueueMetricsProvider = {
  newDepthMetric: () => noop,
  newAddsMetric: () => noop,
  newLatencyMetric: () => noop,
  newWorkDurationMetric: () => noop,
  newUnfinishedWorkSecondsMetric: () => noop,
  newLongestRunningProcessorSecondsMetric: () => noop,
  newRetriesMetric: () => noop,
};

describe("realClock", () => {
  it("fires a timer and reads a monotonic time", async () => {
    const before = realClock.now();
    await new Promise<void>((resolve) => realClock.setTimer(resolve, 0));
    expect(realClock.now()).toBeGreaterThanOrEqual(before);
  });

  it("an unref'd timer does not keep the process alive; cancel releases a ref'd one", () => {
    const base = activeTimeouts();
    const unref = realClock.setTimer(() => {}, 60_000, { unref: true });
    expect(activeTimeouts()).toBe(base);
    const ref = realClock.setTimer(() => {}, 60_000);
    expect(activeTimeouts()).toBe(base + 1);
    ref.cancel();
    unref.cancel();
    expect(activeTimeouts()).toBe(base);
  });

  it("a metered queue's periodic update does not keep the process alive", () => {
    const base = activeTimeouts();
    const q = new Queue<string>({ name: "alive", metrics: provider });
    expect(activeTimeouts()).toBe(base);
    q.shutDown();
  });

  it("clamps delays beyond setTimeout's range (no TimeoutOverflowWarning, which would fire after 1 ms)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const t = realClock.setTimer(() => {}, Number.POSITIVE_INFINITY, { unref: true });
    const t2 = realClock.setTimer(() => {}, 2 ** 40, { unref: true });
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    t.cancel();
    t2.cancel();
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });
});
