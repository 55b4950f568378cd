import { describe, expect, it } from "vitest";
import type { PrometheusMetric } from "./custom-spec.js";
import { CustomMetricStore } from "./custom-store.js";
import { INVALID_METRIC_NAME, isValidLabelKey, isValidMetricName } from "./names.js";
import { validateMetricValues, validateTemplateMetrics } from "./validate.js";

const gauge = (name: string, extra: Partial<PrometheusMetric> = {}): PrometheusMetric => ({
  name,
  help: "a help",
  gauge: { value: "1" },
  ...extra,
});

describe("metric names (Argo IsValidMetricName)", () => {
  it.each(["metric", "metric_name", "_x", "A1"])("accepts %s", (name) => {
    expect(isValidMetricName(name)).toBe(true);
  });
  it.each(["metric.this", "metric:this", "metric[this]", "1metric", "", "metric-this", "mé"])(
    "rejects %j",
    (name) => {
      expect(isValidMetricName(name)).toBe(false);
    },
  );
  it("label keys use the same rule", () => {
    expect(isValidLabelKey("step_name")).toBe(true);
    expect(isValidLabelKey("step.name")).toBe(false);
  });
});

describe("upsert validation messages", () => {
  it.each(["metric.this", "metric:this", "metric[this]"])("rejects name %s with Argo's message", (name) => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge(name))).toBe(INVALID_METRIC_NAME);
    expect(INVALID_METRIC_NAME).toBe(
      "metric name is invalid: names may only contain alphanumeric characters or '_'",
    );
    expect(store.seriesCount).toBe(0);
  });

  it("rejects an invalid label key with Argo's message", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m", { labels: [{ key: "bad-key", value: "v" }] }))).toBe(
      "metric label 'bad-key' is invalid: keys may only contain alphanumeric characters or '_'",
    );
    expect(store.seriesCount).toBe(0);
  });

  it("rejects missing help", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m", { help: "" }))).toBe(
      "metric 'm' must contain a help string under 'help: ' field",
    );
  });

  it("help is stable per name", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m"))).toBeUndefined();
    expect(store.upsert(gauge("m", { help: "other help" }))).toBe(
      "help for metric m is already set to a help, it cannot be changed",
    );
  });

  it("type is stable per name", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m"))).toBeUndefined();
    expect(store.upsert({ name: "m", help: "a help", counter: { value: "1" } })).toBe(
      "found existing gauge for custom metric m of type counter",
    );
    expect(store.upsert({ name: "m", help: "a help", histogram: { value: "1", buckets: [1] } })).toBe(
      "found existing gauge for custom metric m of type histogram",
    );
    store.upsert({ name: "c", help: "h", counter: { value: "1" } });
    expect(store.upsert({ name: "c", help: "h", gauge: { value: "1" } })).toBe(
      "found existing counter for custom metric c of type gauge",
    );
  });

  it("a realtime gauge and a plain gauge share a name", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m"))).toBeUndefined();
    expect(
      store.upsert(gauge("m", { gauge: { value: "{{workflow.duration}}", realtime: true } }), "u", () => 1),
    ).toBeUndefined();
  });

  it("rejects unparsable values with Go's ParseFloat wording and leaves no series behind", () => {
    const store = new CustomMetricStore();
    expect(store.upsert(gauge("m", { gauge: { value: "abc" } }))).toBe(
      'strconv.ParseFloat: parsing "abc": invalid syntax',
    );
    expect(store.seriesCount).toBe(0);
  });

  it("rejects negative counter increments, duplicate labels and histogram 'le' labels", () => {
    const store = new CustomMetricStore();
    expect(store.upsert({ name: "c", help: "h", counter: { value: "-1" } })).toMatch(
      /must be a finite number >= 0/,
    );
    expect(
      store.upsert(
        gauge("m", {
          labels: [
            { key: "a", value: "1" },
            { key: "a", value: "2" },
          ],
        }),
      ),
    ).toBe("metric label 'a' is given more than once");
    expect(
      store.upsert({
        name: "h",
        help: "h",
        labels: [{ key: "le", value: "1" }],
        histogram: { value: "1", buckets: [1] },
      }),
    ).toBe("metric label 'le' is reserved for histogram buckets");
  });

  it("histogram buckets are stable per name", () => {
    const store = new CustomMetricStore();
    expect(
      store.upsert({ name: "h", help: "h", histogram: { value: "1", buckets: [5, 1] } }),
    ).toBeUndefined();
    expect(
      store.upsert({ name: "h", help: "h", histogram: { value: "1", buckets: ["1", 5] } }),
    ).toBeUndefined();
    expect(store.upsert({ name: "h", help: "h", histogram: { value: "1", buckets: [1, 2] } })).toBe(
      "histogram buckets for metric h are already set to [1,5], they cannot be changed",
    );
    expect(store.upsert({ name: "h2", help: "h", histogram: { value: "1", buckets: ["x"] } })).toBe(
      "histogram bucket 'x' of metric h2 is not a finite number",
    );
  });

  it("built-in names cannot be custom metrics", () => {
    const store = new CustomMetricStore({ reservedNames: new Set(["queue_depth_gauge"]) });
    expect(store.upsert(gauge("queue_depth_gauge"))).toBe(
      "metric queue_depth_gauge is a built-in metric and cannot be used as a custom metric",
    );
  });
});

describe("ValidateMetricValues", () => {
  it("reports the missing value of the metric's type", () => {
    expect(validateMetricValues({ name: "m", help: "h", gauge: { value: "" } })).toBe("missing gauge.value");
    expect(validateMetricValues({ name: "m", help: "h", counter: { value: "" } })).toBe(
      "missing counter.value",
    );
    expect(validateMetricValues({ name: "m", help: "h", histogram: { value: "", buckets: [] } })).toBe(
      "missing histogram.value",
    );
    expect(
      validateMetricValues({
        name: "m",
        help: "h",
        gauge: { value: "{{resourcesDuration.cpu}}", realtime: true },
      }),
    ).toBe("'resourcesDuration.*' metrics cannot be used in real-time");
    expect(validateMetricValues(gauge("m"))).toBeUndefined();
  });
});

describe("submit-time template validation", () => {
  it("uses Argo's messages", () => {
    expect(validateTemplateMetrics("main", [gauge("metric.this")])).toBe(
      "templates.main metric name 'metric.this' is invalid. Metric names must contain alphanumeric characters or '_'",
    );
    expect(validateTemplateMetrics("main", [gauge("m", { help: "" })])).toBe(
      "templates.main metric 'm' must contain a help string under 'help: ' field",
    );
    expect(validateTemplateMetrics("main", [{ name: "m", help: "h", counter: { value: "" } }])).toBe(
      "templates.main metric 'm' error: missing counter.value",
    );
    expect(validateTemplateMetrics("main", [gauge("m", { labels: [{ key: "a:b", value: "x" }] })])).toBe(
      "metric label 'a:b' is invalid: keys may only contain alphanumeric characters or '_'",
    );
    expect(validateTemplateMetrics("main", [gauge("ok"), gauge("ok2")])).toBeUndefined();
  });
});
