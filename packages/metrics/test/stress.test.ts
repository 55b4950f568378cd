import { setImmediate as macrotask } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { PrometheusMetric } from "../src/custom-spec.js";
import { type ExpositionFamily, parseExposition } from "../src/exposition-parser.js";
import { MetricsRegistry } from "../src/registry.js";
import { FakeClock } from "./support/fake-clock.js";
import { serve } from "./support/server.js";

/*
 * Reproduces the Argo 3.6 interleaving (issue #14076): async writers upsert, add and sub custom series, create,
 * complete and delete realtime gauges, the TTL GC expires series, and queue/retry metrics tick, while two scrapers
 * pull /metrics over real HTTP without pause and parse every page with the strict exposition parser.
 *
 * WEFT_METRICS_STRESS_OPS sets the number of operations (default one million).
 */
const OPS = Number(process.env.WEFT_METRICS_STRESS_OPS ?? 1_000_000);
if (!Number.isInteger(OPS) || OPS < 1000)
  throw new TypeError("WEFT_METRICS_STRESS_OPS must be an integer >= 1000");
const WRITERS = 8;
const TTL_MS = 5_000;

/** mulberry32: a seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const label = (key: string, value: string | number) => [{ key, value: String(value) }];

interface ScrapeStats {
  scrapes: number;
  maxSeries: number;
  pairsChecked: number;
  counterComparisons: number;
}

function seriesId(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort())}`;
}

/** Counters and histogram _count/_sum that must never decrease (the families GC never deletes from). */
function monotoneValues(families: readonly ExpositionFamily[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const family of families) {
    if (family.name === "argo_workflows_stress_cold_total") continue; // expires by TTL: may restart at 0
    for (const sample of family.samples) {
      const isCounter = family.type === "counter";
      const isHistogramTotal = family.type === "histogram" && !sample.name.endsWith("_bucket");
      if (isCounter || isHistogramTotal) out.set(seriesId(sample.name, sample.labels), sample.value);
    }
  }
  return out;
}

function checkPairs(families: readonly ExpositionFamily[]): number {
  const a = families.find((f) => f.name === "argo_workflows_stress_pair_a");
  const b = families.find((f) => f.name === "argo_workflows_stress_pair_b");
  const left = new Map((a?.samples ?? []).map((s) => [s.labels.k, s.value]));
  const right = new Map((b?.samples ?? []).map((s) => [s.labels.k, s.value]));
  expect([...left.keys()].sort()).toEqual([...right.keys()].sort());
  for (const [k, value] of left) expect(value + (right.get(k) ?? Number.NaN)).toBe(0);
  return left.size;
}

describe("stress: writers, GC and realtime completion against continuous HTTP scrapes", () => {
  it(`${OPS} operations, zero exceptions, every scrape valid, counters monotone, no duplicate series`, async () => {
    const clock = new FakeClock();
    const registry = new MetricsRegistry({ clock, metricsTTLMs: TTL_MS, customSeriesLimit: 5_000 });
    // An async observable callback that spans a macrotask widens every collection, so writers run in its middle.
    const slow = registry.meter.createObservableGauge("stress_collection_probe", { description: "probe" });
    slow.addCallback(async (result) => {
      await macrotask();
      result.observe(clock.now());
    });
    const queues = registry.queueMetricsProvider();
    const adds = queues.newAddsMetric("workflow_queue");
    const depth = queues.newDepthMetric("workflow_queue");
    const busy = queues.newBusyWorkersMetric("workflow_queue");
    const retriesMetric = queues.newRetriesMetric("workflow_queue");
    const latency = queues.newLatencyMetric("workflow_queue");
    const hooks = registry.retryHooks();
    const server = await serve(registry.handler);

    let done = 0;
    let finished = false;
    let completedOwners: string[] = [];
    let nextOwner = 0;
    let realtimeThrows = 0;
    const metricsErrors = { returned: 0 };

    const hot = (k: number): PrometheusMetric => ({
      name: "stress_hot_total",
      help: "hot counter",
      labels: label("k", k),
      counter: { value: "1" },
    });

    async function writer(id: number): Promise<void> {
      const rnd = random(0x5eed + id);
      const pick = (n: number) => Math.floor(rnd() * n);
      const mine: string[] = [];
      const quota = Math.floor(OPS / WRITERS);
      for (let i = 0; i < quota; i++) {
        const r = rnd();
        if (r < 0.25) {
          const k = pick(200);
          const ops = ["Set", "Add", "Sub"] as const;
          registry.custom.upsert({
            name: `stress_gauge_${pick(4)}`,
            help: "cold gauge",
            labels: label("k", k),
            gauge: { value: String(pick(1000)), operation: ops[pick(3)] ?? "Set" },
          });
        } else if (r < 0.4) {
          // Two writes in one synchronous step: a torn (non-atomic) collection would see a + b != 0.
          const k = pick(100);
          const v = String(1 + pick(100));
          registry.custom.upsert({
            name: "stress_pair_a",
            help: "a",
            labels: label("k", k),
            gauge: { value: v, operation: "Add" },
          });
          registry.custom.upsert({
            name: "stress_pair_b",
            help: "b",
            labels: label("k", k),
            gauge: { value: v, operation: "Sub" },
          });
        } else if (r < 0.55) {
          registry.custom.upsert({
            name: "stress_cold_total",
            help: "cold counter",
            labels: label("k", pick(200)),
            counter: { value: "1" },
          });
        } else if (r < 0.65) {
          registry.custom.upsert(hot(pick(50)));
        } else if (r < 0.72) {
          registry.custom.upsert({
            name: "stress_latency",
            help: "histogram",
            labels: label("k", pick(20)),
            histogram: { value: String(rnd() * 10), buckets: [0.5, 1, 5] },
          });
        } else if (r < 0.8) {
          if (mine.length < 20) {
            const owner = `uid-${nextOwner++}`;
            const start = clock.now();
            const throws = pick(50) === 0;
            if (throws) realtimeThrows++;
            registry.custom.upsert(
              {
                name: "stress_wf_duration",
                help: "realtime",
                labels: label("wf", owner),
                gauge: { value: "{{workflow.duration}}", realtime: true },
              },
              owner,
              () => {
                if (throws) throw new Error("workflow object gone");
                // Re-entrant write from inside a collection, the worst case for an iterating reader.
                registry.custom.upsert({
                  name: "stress_reentrant",
                  help: "r",
                  gauge: { value: "1", operation: "Add" },
                });
                return (clock.now() - start) / 1000;
              },
            );
            mine.push(owner);
          } else {
            const owner = mine.splice(pick(mine.length), 1)[0] ?? "";
            registry.custom.completeRealtime(owner);
            completedOwners.push(owner);
          }
        } else if (r < 0.95) {
          adds.inc();
          depth.inc();
          busy.inc();
          latency.observe(rnd());
          depth.dec();
          busy.dec();
          if (pick(4) === 0) {
            retriesMetric.inc();
            hooks.onAttempt({ operation: "create-pod", attempt: 1 });
            hooks.onRetry({
              operation: "create-pod",
              attempt: 1,
              delayMs: 5,
              verdict: { transient: true, classifier: "network" },
            });
          }
        } else {
          const result = registry.emit(
            [
              { name: "metric.this", help: "h", gauge: { value: "1" } },
              { name: "stress_hot_total", help: "changed help", counter: { value: "1" } },
            ],
            { ownerUid: "bad", scope: {} },
          );
          metricsErrors.returned += result.errors.length;
        }
        done++;
        if ((i & 63) === 0) await Promise.resolve();
        if ((i & 1023) === 0) await macrotask();
      }
      for (const owner of mine) registry.custom.completeRealtime(owner);
    }

    async function janitor(): Promise<void> {
      while (!finished) {
        clock.advance(1_000);
        for (let k = 0; k < 50; k++) registry.custom.upsert({ ...hot(k), counter: { value: "0" } });
        registry.custom.gc();
        const owners = completedOwners;
        completedOwners = [];
        for (const owner of owners) registry.custom.deleteRealtime(owner);
        await macrotask();
      }
    }

    const stats: ScrapeStats = { scrapes: 0, maxSeries: 0, pairsChecked: 0, counterComparisons: 0 };
    async function scraper(): Promise<void> {
      let previous = new Map<string, number>();
      while (!finished) {
        const response = await fetch(`${server.url}/metrics`);
        expect(response.status).toBe(200);
        const families = parseExposition(await response.text());
        stats.scrapes++;
        stats.maxSeries = Math.max(
          stats.maxSeries,
          families.reduce((n, f) => n + f.samples.length, 0),
        );
        stats.pairsChecked += checkPairs(families);
        const current = monotoneValues(families);
        for (const [id, value] of current) {
          const before = previous.get(id);
          if (before === undefined) continue;
          stats.counterComparisons++;
          if (value < before) expect.fail(`${id} went backwards: ${before} -> ${value}`);
        }
        previous = current;
      }
    }

    const started = performance.now();
    const scrapers = [scraper(), scraper()];
    const gc = janitor();
    try {
      await Promise.all(Array.from({ length: WRITERS }, (_, id) => writer(id)));
    } finally {
      finished = true;
    }
    await Promise.all([...scrapers, gc]);
    const seconds = (performance.now() - started) / 1000;

    // A final scrape sees every realtime series completed and the books balanced.
    const final = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    checkPairs(final);
    const byName = new Map(final.map((f) => [f.name, f]));
    expect(byName.get("argo_workflows_custom_metric_errors_total")?.samples[0]?.value).toBe(
      metricsErrors.returned,
    );
    expect(metricsErrors.returned).toBeGreaterThan(0);
    const realtimeErrors = byName.get("argo_workflows_custom_metric_realtime_errors_total");
    if (realtimeThrows > 0) expect(realtimeErrors?.samples.length).toBe(1);
    const depthSample = byName.get("argo_workflows_queue_depth_gauge")?.samples[0];
    expect(depthSample?.value).toBe(0);
    expect(byName.get("argo_workflows_workers_busy_count")?.samples[0]?.value).toBe(0);

    expect(done).toBe(Math.floor(OPS / WRITERS) * WRITERS);
    expect(stats.scrapes).toBeGreaterThan(10);
    expect(stats.counterComparisons).toBeGreaterThan(0);
    expect(stats.pairsChecked).toBeGreaterThan(0);
    expect(registry.stats.collectionErrors).toBe(0);
    process.stderr.write(
      `stress: ${done} ops in ${seconds.toFixed(2)} s, ${stats.scrapes} scrapes (max ${stats.maxSeries} samples), ` +
        `${stats.counterComparisons} counter comparisons, ${stats.pairsChecked} pair checks\n`,
    );
    await server.close();
    await registry.shutdown();
  }, 120_000);

  it("negative control: the same checks catch a collector that reads live maps across an await (Argo's bug class)", async () => {
    const registry = new MetricsRegistry();
    const a = new Map<string, number>();
    const b = new Map<string, number>();
    const gaugeA = registry.meter.createObservableGauge("stress_pair_a", { description: "a" });
    const gaugeB = registry.meter.createObservableGauge("stress_pair_b", { description: "b" });
    registry.meter.addBatchObservableCallback(
      async (result) => {
        for (const [k, v] of a) result.observe(gaugeA, v, { k });
        await macrotask(); // the torn read: writers run between the two families
        for (const [k, v] of b) result.observe(gaugeB, v, { k });
      },
      [gaugeA, gaugeB],
    );
    let finished = false;
    const writer = async () => {
      const rnd = random(7);
      for (let i = 0; i < 20_000; i++) {
        const k = String(Math.floor(rnd() * 10));
        a.set(k, (a.get(k) ?? 0) + 1);
        b.set(k, (b.get(k) ?? 0) - 1);
        if ((i & 255) === 0) await macrotask();
      }
    };
    let torn = 0;
    const scraper = async () => {
      while (!finished) {
        try {
          checkPairs(parseExposition(await registry.scrape()));
        } catch {
          torn++;
        }
      }
    };
    const scraping = scraper();
    await writer();
    finished = true;
    await scraping;
    expect(torn).toBeGreaterThan(0);
    await registry.shutdown();
  });
});
