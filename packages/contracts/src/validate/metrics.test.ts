import { describe, expect, it } from "vitest";
import { errors, workflow } from "../../test/validate-helpers.ts";
import { isValidMetricName } from "../names.js";
import { validateWorkflow } from "./resource.js";

describe("metric validation", () => {
  it("uses Prometheus legacy names without ':'", () => {
    expect(isValidMetricName("metric")).toBe(true);
    expect(isValidMetricName("metric_name")).toBe(true);
    for (const bad of ["metric.this", "metric:this", "metric[this]", "1metric", ""]) {
      expect(isValidMetricName(bad)).toBe(false);
    }
  });

  it("checks template metrics with Argo's submit-time messages", () => {
    const result = validateWorkflow(
      workflow({
        templates: [
          {
            name: "main",
            container: { image: "busybox" },
            metrics: {
              prometheus: [
                { name: "bad.name", help: "h", counter: { value: "1" } },
                { name: "no_help", help: "", counter: { value: "1" } },
                { name: "rt", help: "h", gauge: { value: "{{resourcesDuration.cpu}}", realtime: true } },
                { name: "lbl", help: "h", labels: [{ key: "bad-key", value: "v" }], counter: { value: "" } },
                { name: "none", help: "h" },
              ],
            },
          },
        ],
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].metrics.prometheus[0].name: templates.main metric name 'bad.name' is invalid. Metric names must contain alphanumeric characters or '_'",
      "spec.templates[0].metrics.prometheus[1].help: templates.main metric 'no_help' must contain a help string under 'help: ' field",
      "spec.templates[0].metrics.prometheus[2]: templates.main metric 'rt' error: 'resourcesDuration.*' metrics cannot be used in real-time",
      "spec.templates[0].metrics.prometheus[3].labels[0].key: metric label 'bad-key' is invalid: keys may only contain alphanumeric characters or '_'",
      "spec.templates[0].metrics.prometheus[3]: templates.main metric 'lbl' error: missing counter.value",
      "spec.templates[0].metrics.prometheus[4]: metric 'none' must have exactly one of gauge, histogram or counter",
    ]);
  });

  it("checks workflow metrics with Argo's emission messages", () => {
    const result = validateWorkflow(
      workflow({
        metrics: { prometheus: [{ name: "a:b", help: "h", gauge: { value: "", operation: "Mul" } }] },
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.metrics.prometheus[0].gauge.operation: 'Mul' is not a valid gauge operation",
    ]);
    const ok = validateWorkflow(
      workflow({ metrics: { prometheus: [{ name: "a:b", help: "h", gauge: { value: "" } }] } }),
    );
    expect(errors(ok.issues)).toEqual([
      "spec.metrics.prometheus[0].name: metric name is invalid: names may only contain alphanumeric characters or '_'",
      "spec.metrics.prometheus[0]: missing gauge.value",
    ]);
  });
});
