import { describe, expect, it } from "vitest";
import type { PrometheusMetric } from "./custom-spec.js";
import { CustomMetricStore } from "./custom-store.js";
import { type EmitStage, emitCustomMetrics } from "./emitter.js";

const scope = { "workflow.name": "wf-1", status: "Failed", duration: "12.000000" };

function values(store: CustomMetricStore): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const metric of store.snapshot()) {
    for (const point of metric.dataPoints)
      out[`${metric.descriptor.name}${JSON.stringify(point.attributes)}`] = point.value;
  }
  return out;
}

describe("emitCustomMetrics", () => {
  it("substitutes name, help, labels and value; evaluates when", () => {
    const store = new CustomMetricStore();
    const result = emitCustomMetrics(
      store,
      [
        {
          name: "exec_{{status}}",
          help: "time of {{workflow.name}}",
          labels: [{ key: "wf", value: "{{workflow.name}}" }],
          gauge: { value: "{{duration}}" },
        },
        { name: "failures", help: "failures", when: "{{status}} == Failed", counter: { value: "1" } },
        { name: "successes", help: "successes", when: "{{status}} == Succeeded", counter: { value: "1" } },
      ],
      { ownerUid: "uid", scope },
    );
    expect(result).toEqual({ errors: [] });
    expect(values(store)).toEqual({ 'exec_Failed{"wf":"wf-1"}': 12, "failures{}": 1 });
  });

  it("returns every error as MetricsError text, counts it by stage, and still emits the valid ones", () => {
    const store = new CustomMetricStore();
    const stages: EmitStage[] = [];
    const metrics: PrometheusMetric[] = [
      { name: "no_help", help: "", gauge: { value: "1" } },
      { name: "metric.this", help: "h", gauge: { value: "1" } },
      { name: "unresolved", help: "h", gauge: { value: "{{nope}}" } },
      { name: "bad_when", help: "h", when: "1 +", gauge: { value: "1" } },
      { name: "rt_literal", help: "h", gauge: { value: "5", realtime: true } },
      { name: "rt_unknown", help: "h", gauge: { value: "{{status}}", realtime: true } },
      { name: "nan_value", help: "h", counter: { value: "{{status}}" } },
      { name: "good", help: "h", gauge: { value: "1" } },
    ];
    const result = emitCustomMetrics(store, metrics, { ownerUid: "uid", scope }, (stage) =>
      stages.push(stage),
    );
    expect(result.errors).toEqual([
      "metric 'no_help' must contain a help string under 'help: ' field",
      "could not construct metric 'metric.this': metric name is invalid: names may only contain alphanumeric characters or '_'",
      "unable to substitute parameters for metric 'unresolved': failed to resolve {{nope}}",
      "unable to compute 'when' clause for metric 'bad_when': unexpected end of expression",
      "real time metrics can only be used with metric variables",
      "'status' is not available as a real time metric",
      "could not construct metric 'nan_value': strconv.ParseFloat: parsing \"Failed\": invalid syntax",
    ]);
    expect(stages).toEqual(["help", "construct", "substitute", "when", "realtime", "realtime", "construct"]);
    expect(result.condition).toEqual({
      type: "MetricsError",
      status: "True",
      message: result.errors.join(", "),
    });
    expect(values(store)).toEqual({ "good{}": 1 });
  });

  it("help or type changed for an existing name becomes a MetricsError, not an exception", () => {
    const store = new CustomMetricStore();
    emitCustomMetrics(store, [{ name: "m", help: "one", gauge: { value: "1" } }], { ownerUid: "u", scope });
    const result = emitCustomMetrics(
      store,
      [
        { name: "m", help: "two", gauge: { value: "1" } },
        { name: "m", help: "one", counter: { value: "1" } },
      ],
      { ownerUid: "u", scope },
    );
    expect(result.errors).toEqual([
      "could not construct metric 'm': help for metric m is already set to one, it cannot be changed",
      "could not construct metric 'm': found existing gauge for custom metric m of type counter",
    ]);
  });

  it("realtimeOnly processes only realtime gauges, wired to the realtime scope", () => {
    const store = new CustomMetricStore();
    let seconds = 3;
    const metrics: PrometheusMetric[] = [
      { name: "wf_duration", help: "h", gauge: { value: "{{workflow.duration}}", realtime: true } },
      { name: "other", help: "h", gauge: { value: "1" } },
    ];
    const result = emitCustomMetrics(store, metrics, {
      ownerUid: "uid-1",
      scope,
      realtimeScope: { "workflow.duration": () => seconds },
      realtimeOnly: true,
    });
    expect(result.errors).toEqual([]);
    expect(values(store)).toEqual({ "wf_duration{}": 3 });
    seconds = 8;
    expect(values(store)).toEqual({ "wf_duration{}": 8 });
    store.deleteRealtime("uid-1");
    expect(values(store)).toEqual({});
  });

  it("a false when clause skips the metric silently", () => {
    const store = new CustomMetricStore();
    const result = emitCustomMetrics(
      store,
      [{ name: "m", help: "h", when: "{{status}} == Succeeded", gauge: { value: "1" } }],
      { ownerUid: "u", scope },
    );
    expect(result).toEqual({ errors: [] });
    expect(store.seriesCount).toBe(0);
  });

  it("malformed input outside the types is a MetricsError too, never an exception", () => {
    const store = new CustomMetricStore();
    const garbage = [
      { name: "a", help: "h", labels: [null], gauge: { value: "1" } },
      { name: "b", help: "h", gauge: { value: 5 } },
      null,
      { name: "ok", help: "h", gauge: { value: "2" } },
    ] as unknown as PrometheusMetric[];
    const result = emitCustomMetrics(store, garbage, { ownerUid: "u", scope });
    expect(result.errors).toHaveLength(3);
    for (const error of result.errors) expect(error).toMatch(/^could not construct metric '/);
    expect(values(store)).toEqual({ "ok{}": 2 });
  });
});
