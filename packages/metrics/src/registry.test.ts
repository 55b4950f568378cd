import { describe, expect, it } from "vitest";
import { FakeClock } from "../test/support/fake-clock.js";
import { BUILTIN, operationDurationBuckets } from "./builtin-names.js";
import { type ExpositionFamily, parseExposition } from "./exposition-parser.js";
import { MetricsRegistry } from "./registry.js";

async function scrape(registry: MetricsRegistry): Promise<Map<string, ExpositionFamily>> {
  return new Map(parseExposition(await registry.scrape()).map((f) => [f.name, f]));
}

describe("MetricsRegistry built-ins", () => {
  it("exposes Argo's names and types under argo_workflows_, counters without an added _total", async () => {
    const registry = new MetricsRegistry();
    const c = registry.controller;
    c.recordVersion({ version: "v0.1.0", platform: "linux/amd64" });
    c.deprecatedFeature("cronworkflow schedule");
    c.workflowsByPhase.set(3, { phase: "Running" });
    c.podsByPhase.set(2, { phase: "Pending" });
    c.workflowPhase("Succeeded", "argo");
    c.podPhase("Running", "argo");
    c.podMissing("Running", true);
    c.podPending("PodInitializing: waiting", "argo");
    c.operationDuration(7);
    c.error("OperationPanic");
    c.logMessage("warn");
    c.k8sRequest({ kind: "Pod", verb: "Get", statusCode: 404, durationSeconds: 0.05 });
    c.workflowConditions.set(1, { type: "PodRunning", status: "true" });
    registry.cron.triggered("nightly", "argo");
    registry.cron.concurrencyPolicyTriggered("nightly", "argo", "Forbid");
    const families = await scrape(registry);
    const types = Object.fromEntries(
      [...families.values()].map((f) => [f.name.replace("argo_workflows_", ""), f.type]),
    );
    expect(types).toEqual({
      version: "counter",
      deprecated_feature: "counter",
      is_leader: "gauge",
      pods_gauge: "gauge",
      pods_total_count: "counter",
      pod_missing: "counter",
      pod_pending_count: "counter",
      gauge: "gauge",
      total_count: "counter",
      operation_duration_seconds: "histogram",
      error_count: "counter",
      log_messages: "counter",
      k8s_request_total: "counter",
      k8s_request_duration: "histogram",
      workflow_condition: "gauge",
      cronworkflows_triggered_total: "counter",
      cronworkflows_concurrencypolicy_triggered: "counter",
    });
    const errors = families.get("argo_workflows_error_count")?.samples.map((s) => [s.labels.cause, s.value]);
    expect(errors).toEqual([
      ["OperationPanic", 1],
      ["CronWorkflowSubmissionError", 0],
      ["CronWorkflowSpecError", 0],
    ]);
    expect(families.get("argo_workflows_pod_pending_count")?.samples[0]?.labels).toEqual({
      reason: "PodInitializing",
      namespace: "argo",
    });
    const buckets = families
      .get("argo_workflows_operation_duration_seconds")
      ?.samples.filter((s) => s.name.endsWith("_bucket"))
      .map((s) => s.labels.le);
    expect(buckets).toEqual(["5", "10", "15", "20", "25", "30", "+Inf"]);
    const k8s = families
      .get("argo_workflows_k8s_request_duration")
      ?.samples.filter((s) => s.name.endsWith("_bucket"));
    expect(k8s?.map((s) => s.labels.le)).toEqual([
      "0.1",
      "0.2",
      "0.5",
      "1",
      "2",
      "5",
      "10",
      "20",
      "60",
      "180",
      "+Inf",
    ]);
    expect(k8s?.[0]?.labels).toMatchObject({ kind: "Pod", verb: "Get", status_code: "404" });
    await registry.shutdown();
  });

  it("built-in instruments hold more than OTel's default 2000 series, and keep their histogram buckets", async () => {
    const registry = new MetricsRegistry({ builtinSeriesLimit: 3000 });
    for (let i = 0; i < 2500; i++) registry.controller.podPhase("Running", `ns-${i}`);
    registry.controller.operationDuration(1);
    const families = await scrape(registry);
    const pods = families.get("argo_workflows_pods_total_count")?.samples ?? [];
    expect(pods).toHaveLength(2500);
    expect(pods.some((s) => "otel_metric_overflow" in s.labels)).toBe(false);
    const buckets = families
      .get("argo_workflows_operation_duration_seconds")
      ?.samples.filter((s) => s.name.endsWith("_bucket"));
    expect(buckets?.map((s) => s.labels.le)).toEqual(["5", "10", "15", "20", "25", "30", "+Inf"]);
    await registry.shutdown();
    expect(() => new MetricsRegistry({ builtinSeriesLimit: 0 })).toThrow(
      "builtinSeriesLimit must be an integer >= 1",
    );
  });

  it("a settable gauge identifies a label set whatever the key order", async () => {
    const registry = new MetricsRegistry();
    registry.controller.workflowConditions.set(1, { type: "PodRunning", status: "true" });
    registry.controller.workflowConditions.set(4, { status: "true", type: "PodRunning" });
    expect(registry.controller.workflowConditions.get({ type: "PodRunning", status: "true" })).toBe(4);
    const families = await scrape(registry);
    expect(families.get("argo_workflows_workflow_condition")?.samples.map((s) => s.value)).toEqual([4]);
    await registry.shutdown();
  });

  it("operation duration buckets follow MAX_OPERATION_TIME / OPERATION_DURATION_METRIC_BUCKET_COUNT", () => {
    expect(operationDurationBuckets()).toEqual([5, 10, 15, 20, 25, 30]);
    expect(operationDurationBuckets(10, 4)).toEqual([2.5, 5, 7.5, 10]);
    expect(() => operationDurationBuckets(30, 0)).toThrow(
      "operationDurationBucketCount must be an integer >= 1",
    );
    expect(() => operationDurationBuckets(-1, 6)).toThrow(
      "maxOperationTimeSeconds must be a finite number > 0",
    );
  });

  it("custom metrics get the prefix and cannot take a built-in name", async () => {
    const registry = new MetricsRegistry();
    const result = registry.emit(
      [
        { name: "model_exec_time", help: "h", gauge: { value: "4" } },
        { name: BUILTIN.queueDepthGauge, help: "h", gauge: { value: "1" } },
      ],
      { ownerUid: "u", scope: {} },
    );
    expect(result.errors).toEqual([
      "could not construct metric 'queue_depth_gauge': metric queue_depth_gauge is a built-in metric and cannot be used as a custom metric",
    ]);
    const families = await scrape(registry);
    expect(families.get("argo_workflows_model_exec_time")?.samples[0]?.value).toBe(4);
    expect(families.get("argo_workflows_custom_metric_errors_total")?.samples).toEqual([
      { name: "argo_workflows_custom_metric_errors_total", labels: { stage: "construct" }, value: 1 },
    ]);
    await registry.shutdown();
  });

  it("counts custom series overflow and realtime errors", async () => {
    const registry = new MetricsRegistry({ customSeriesLimit: 1 });
    registry.emit(
      [
        { name: "m", help: "h", labels: [{ key: "i", value: "1" }], gauge: { value: "1" } },
        { name: "m", help: "h", labels: [{ key: "i", value: "2" }], gauge: { value: "1" } },
        { name: "rt", help: "h", gauge: { value: "{{workflow.duration}}", realtime: true } },
      ],
      {
        ownerUid: "u",
        scope: {},
        realtimeScope: {
          "workflow.duration": () => {
            throw new Error("gone");
          },
        },
      },
    );
    const families = await scrape(registry);
    expect(families.get("argo_workflows_custom_metric_overflow_total")?.samples[0]).toMatchObject({
      labels: { metric_name: "m" },
      value: 1,
    });
    // Every scrape reads the function once and counts its failure.
    expect(families.get("argo_workflows_custom_metric_realtime_errors_total")?.samples[0]?.value).toBe(1);
    const next = await scrape(registry);
    expect(next.get("argo_workflows_custom_metric_realtime_errors_total")?.samples[0]).toMatchObject({
      labels: { metric_name: "rt" },
      value: 2,
    });
    expect(next.has("argo_workflows_rt")).toBe(false);
    await registry.shutdown();
  });

  it("single-flight: concurrent scrapes share collections and each sees state from after its request", async () => {
    const registry = new MetricsRegistry();
    const before = registry.stats.collections;
    const results = await Promise.all(Array.from({ length: 10 }, () => registry.scrape()));
    expect(new Set(results).size).toBeLessThanOrEqual(2);
    expect(registry.stats.collections - before).toBe(2); // one running, one shared by the other nine
    registry.controller.isLeader.set(1);
    const after = await scrape(registry);
    expect(after.get("argo_workflows_is_leader")?.samples[0]?.value).toBe(1);
    await registry.shutdown();
  });

  it("a hung async callback is abandoned after collectTimeoutMs and reported; the scrape still answers", async () => {
    const errors: unknown[] = [];
    const registry = new MetricsRegistry({ collectTimeoutMs: 20, onCollectionError: (e) => errors.push(e) });
    const hung = registry.meter.createObservableGauge("hung", { description: "never answers" });
    hung.addCallback(() => new Promise<void>(() => {}));
    registry.controller.isLeader.set(1);
    const families = await scrape(registry);
    expect(families.get("argo_workflows_is_leader")?.samples[0]?.value).toBe(1);
    expect(families.has("argo_workflows_hung")).toBe(false);
    expect(errors).toHaveLength(1);
    expect(registry.stats.collectionErrors).toBe(1);
    expect(() => new MetricsRegistry({ collectTimeoutMs: 0 })).toThrow(
      "collectTimeoutMs must be a finite number > 0",
    );
    await registry.shutdown();
  });

  it("the TTL ticker runs on the injected clock once started, and stops on shutdown", async () => {
    const clock = new FakeClock();
    const registry = new MetricsRegistry({ clock, metricsTTLMs: 60_000 });
    registry.emit([{ name: "m", help: "h", gauge: { value: "1" } }], { ownerUid: "u", scope: {} });
    registry.startGc();
    registry.startGc();
    expect(clock.activeTickers).toBe(1);
    clock.advance(120_000);
    expect(registry.custom.seriesCount).toBe(0);
    await registry.shutdown();
    expect(clock.activeTickers).toBe(0);
  });
});
