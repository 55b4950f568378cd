import {
  FakeClock,
  RateLimitingQueue,
  runWorkers,
  type QueueMetricsProvider as WorkqueueProvider,
} from "@weft/workqueue";
import { describe, expect, it } from "vitest";
import { type ExpositionFamily, parseExposition } from "../src/exposition-parser.js";
import { MetricsRegistry } from "../src/registry.js";

async function values(registry: MetricsRegistry): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const families: ExpositionFamily[] = parseExposition(await registry.scrape());
  for (const family of families) {
    for (const s of family.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      out.set(`${s.name.replace("argo_workflows_", "")}{${labels}}`, s.value);
    }
  }
  return out;
}

describe("@weft/workqueue metrics through this registry (structural compatibility, no import in src)", () => {
  it("a real rate-limiting queue reports Argo's queue metrics by queue_name", async () => {
    const registry = new MetricsRegistry();
    const provider: WorkqueueProvider = registry.queueMetricsProvider();
    const clock = new FakeClock(0);
    const queue = new RateLimitingQueue<string>({ name: "workflow_queue", metrics: provider, clock });
    queue.add("a");
    queue.add("b");
    queue.add("a"); // already dirty: not an add
    let v = await values(registry);
    expect(v.get("queue_adds_count{queue_name=workflow_queue}")).toBe(2);
    expect(v.get("queue_depth_gauge{queue_name=workflow_queue}")).toBe(2);

    clock.step(3_000);
    const got = await queue.get();
    expect(got).toEqual({ shutdown: false, item: "a" });
    clock.step(1_500);
    v = await values(registry);
    expect(v.get("queue_depth_gauge{queue_name=workflow_queue}")).toBe(1);
    expect(v.get("queue_latency_count{queue_name=workflow_queue}")).toBe(1);
    expect(v.get("queue_latency_bucket{queue_name=workflow_queue,le=5}")).toBe(1); // waited 3 s
    expect(v.get("queue_latency_bucket{queue_name=workflow_queue,le=1}")).toBe(0);
    expect(v.get("queue_unfinished_work{queue_name=workflow_queue}")).toBeCloseTo(1.5, 6);
    expect(v.get("queue_longest_running{queue_name=workflow_queue}")).toBeCloseTo(1.5, 6);

    queue.done("a");
    queue.done("never-taken");
    queue.addRateLimited("c");
    v = await values(registry);
    expect(v.get("queue_duration_count{queue_name=workflow_queue}")).toBe(1);
    expect(v.get("queue_duration_sum{queue_name=workflow_queue}")).toBeCloseTo(1.5, 6);
    expect(v.get("queue_retries{queue_name=workflow_queue}")).toBe(1);
    expect(v.get("queue_invalid_done_count{queue_name=workflow_queue}")).toBe(1);
    queue.shutDown();
    await registry.shutdown();
  });

  it("the worker API reports workers_busy_count by worker_type", async () => {
    const registry = new MetricsRegistry();
    const clock = new FakeClock(0);
    const queue = new RateLimitingQueue<string>({
      name: "cron_wf_queue",
      metrics: registry.queueMetricsProvider(),
      clock,
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const pool = runWorkers(queue, {
      concurrency: 2,
      handler: async () => {
        entered();
        await gate;
      },
    });
    queue.add("ns/cron");
    await inHandler;
    let v = await values(registry);
    expect(v.get("workers_busy_count{worker_type=cron_wf_queue}")).toBe(1);
    release();
    queue.shutDown();
    await pool.stopped;
    v = await values(registry);
    expect(v.get("workers_busy_count{worker_type=cron_wf_queue}")).toBe(0);
    expect(v.get("queue_adds_count{queue_name=cron_wf_queue}")).toBe(1);
    await registry.shutdown();
  });
});
