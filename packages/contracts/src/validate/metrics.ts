import { isValidMetricName } from "../names.js";
import type { Metrics } from "../schema/metrics.js";
import type { IssueCollector, PathSegment } from "./issues.js";

/**
 * Custom metric rules. Template metrics use the messages of Argo's submit-time validation; workflow-level
 * metrics (which Argo only checks when emitting) use the emission messages.
 */
export function validateMetrics(
  metrics: Metrics,
  path: readonly PathSegment[],
  templateName: string | undefined,
  c: IssueCollector,
): void {
  const prefix = templateName === undefined ? "" : `templates.${templateName} `;
  metrics.prometheus.forEach((metric, i) => {
    const at = [...path, "prometheus", i];
    if (!isValidMetricName(metric.name)) {
      c.error(
        [...at, "name"],
        "metric-name",
        templateName === undefined
          ? "metric name is invalid: names may only contain alphanumeric characters or '_'"
          : `${prefix}metric name '${metric.name}' is invalid. Metric names must contain alphanumeric characters or '_'`,
      );
    }
    (metric.labels ?? []).forEach((label, j) => {
      if (!isValidMetricName(label.key)) {
        c.error(
          [...at, "labels", j, "key"],
          "metric-label",
          `metric label '${label.key}' is invalid: keys may only contain alphanumeric characters or '_'`,
        );
      }
    });
    if (metric.help === "") {
      c.error(
        [...at, "help"],
        "metric-help",
        `${prefix}metric '${metric.name}' must contain a help string under 'help: ' field`,
      );
    }
    const kinds = [metric.gauge, metric.histogram, metric.counter].filter((k) => k !== undefined).length;
    if (kinds !== 1) {
      c.error(
        at,
        "metric-type",
        `metric '${metric.name}' must have exactly one of gauge, histogram or counter`,
      );
    }
    const valueError = metricValueError(metric);
    if (valueError !== undefined) {
      c.error(
        at,
        "metric-value",
        templateName === undefined ? valueError : `${prefix}metric '${metric.name}' error: ${valueError}`,
      );
    }
  });
}

function metricValueError(metric: Metrics["prometheus"][number]): string | undefined {
  if (metric.gauge !== undefined) {
    if (metric.gauge.value === "") return "missing gauge.value";
    if (metric.gauge.realtime === true && metric.gauge.value.includes("resourcesDuration.")) {
      return "'resourcesDuration.*' metrics cannot be used in real-time";
    }
  }
  if (metric.counter !== undefined && metric.counter.value === "") return "missing counter.value";
  if (metric.histogram !== undefined && metric.histogram.value === "") return "missing histogram.value";
  return undefined;
}
