// Upsert throughput and scrape latency of @weft/metrics custom series vs prom-client doing the same work in the same
// run. Run with `pnpm bench` (builds first); plain Node, imports the compiled package.
import { performance } from "node:perf_hooks";
import client from "prom-client";
import type * as Metrics from "../src/index.ts";

// Types from the source (so typecheck needs no build), code from the build (src imports use .js specifiers).
const dist: string = "../dist/index.js";
const { MetricsRegistry, parseExposition }: typeof Metrics = await import(dist);

const UPSERTS = 1_000_000;
const UPSERT_SERIES = 10_000;

function labelsFor(i: number): { wf: string; step: string } {
  return { wf: `wf-${i % 1000}`, step: `step-${Math.floor(i / 1000) % 100}` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function weftSpecs(series: number) {
  return Array.from({ length: series }, (_, i) => {
    const { wf, step } = labelsFor(i);
    return {
      name: "model_exec_time",
      help: "Time spent executing the model",
      labels: [
        { key: "wf", value: wf },
        { key: "step", value: step },
      ],
      gauge: { value: String(i) },
    };
  });
}

function benchUpsert(): { weftNs: number; promNs: number } {
  const specs = weftSpecs(UPSERT_SERIES);
  const spec = (i: number): Metrics.PrometheusMetric => specs[i % UPSERT_SERIES] ?? { name: "x", help: "x" };
  const registry = new MetricsRegistry();
  const promRegistry = new client.Registry();
  const gauge = new client.Gauge({
    name: "argo_workflows_model_exec_time",
    help: "Time spent executing the model",
    labelNames: ["wf", "step"],
    registers: [promRegistry],
  });
  const promLabels = Array.from({ length: UPSERT_SERIES }, (_, i) => labelsFor(i));
  // Warm both (series creation happens here; the timed loops update existing series, as steady state does).
  for (let i = 0; i < UPSERT_SERIES; i++) {
    registry.custom.upsert(spec(i));
    gauge.set(promLabels[i] ?? {}, i);
  }
  let start = performance.now();
  for (let i = 0; i < UPSERTS; i++) registry.custom.upsert(spec(i));
  const weftNs = ((performance.now() - start) * 1e6) / UPSERTS;
  start = performance.now();
  for (let i = 0; i < UPSERTS; i++) gauge.set(promLabels[i % UPSERT_SERIES] ?? {}, i);
  const promNs = ((performance.now() - start) * 1e6) / UPSERTS;
  void registry.shutdown();
  return { weftNs, promNs };
}

async function benchScrape(series: number, rounds: number) {
  const registry = new MetricsRegistry({ customSeriesLimit: series });
  for (const spec of weftSpecs(series)) {
    const error = registry.custom.upsert(spec);
    if (error !== undefined) throw new Error(error);
  }
  const promRegistry = new client.Registry();
  const gauge = new client.Gauge({
    name: "argo_workflows_model_exec_time",
    help: "Time spent executing the model",
    labelNames: ["wf", "step"],
    registers: [promRegistry],
  });
  for (let i = 0; i < series; i++) gauge.set(labelsFor(i), i);

  const weft: number[] = [];
  const prom: number[] = [];
  let weftFirst = 0;
  let promFirst = 0;
  let weftText = "";
  let promText = "";
  for (let round = 0; round < rounds + 1; round++) {
    let start = performance.now();
    weftText = await registry.scrape();
    const w = performance.now() - start;
    start = performance.now();
    promText = await promRegistry.metrics();
    const p = performance.now() - start;
    if (round > 0) {
      weft.push(w);
      prom.push(p);
    } else {
      weftFirst = w;
      promFirst = p;
    }
  }
  // Both pages are valid and hold the same series.
  const weftSamples = parseExposition(weftText).find((f) => f.name === "argo_workflows_model_exec_time")
    ?.samples.length;
  const promSamples = parseExposition(promText).find((f) => f.name === "argo_workflows_model_exec_time")
    ?.samples.length;
  if (weftSamples !== series || promSamples !== series) {
    throw new Error(`series mismatch: weft ${weftSamples}, prom-client ${promSamples}, expected ${series}`);
  }
  await registry.shutdown();
  return {
    weftMs: median(weft),
    promMs: median(prom),
    weftFirst,
    promFirst,
    weftBytes: weftText.length,
    promBytes: promText.length,
  };
}

const upsert = benchUpsert();
console.log(
  `upsert (update of an existing series, ${UPSERT_SERIES} series, ${UPSERTS} ops, labels sorted + validated):`,
);
console.log(`  @weft/metrics  ${upsert.weftNs.toFixed(0).padStart(6)} ns/op`);
console.log(
  `  prom-client    ${upsert.promNs.toFixed(0).padStart(6)} ns/op   (Gauge.set with a label object)`,
);
console.log(`  ratio weft/prom-client: ${(upsert.weftNs / upsert.promNs).toFixed(2)}`);

for (const [series, rounds] of [
  [10_000, 15],
  [100_000, 5],
] as const) {
  const r = await benchScrape(series, rounds);
  console.log(
    `scrape of ${series} custom series (median of ${rounds}, text of ${(r.weftBytes / 1e6).toFixed(1)} MB):`,
  );
  console.log(
    `  @weft/metrics  ${r.weftMs.toFixed(1).padStart(7)} ms   first ${r.weftFirst.toFixed(1)} ms  (OTel collect + producer snapshot + serializer)`,
  );
  console.log(
    `  prom-client    ${r.promMs.toFixed(1).padStart(7)} ms   first ${r.promFirst.toFixed(1)} ms  (Registry.metrics())`,
  );
  console.log(`  ratio weft/prom-client: ${(r.weftMs / r.promMs).toFixed(2)}`);
}
