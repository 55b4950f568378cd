import type { PrometheusMetric } from "./custom-spec.js";
import { invalidLabelMessage, isValidLabelKey, isValidMetricName } from "./names.js";

/** Argo `ValidateMetricValues`: the value of the metric's type is present, and realtime gauges do not use resourcesDuration. */
export function validateMetricValues(metric: PrometheusMetric): string | undefined {
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

/** Argo `ValidateMetricLabels`: every key matches `^[a-zA-Z_][a-zA-Z0-9_]*$`. */
export function validateMetricLabels(metric: PrometheusMetric): string | undefined {
  for (const label of metric.labels ?? []) {
    if (!isValidLabelKey(label.key)) return invalidLabelMessage(label.key);
  }
  return undefined;
}

/**
 * Submit-time validation of one template's metrics, with Argo's messages. Returns the first error, or
 * undefined when every metric is valid. Only template-level metrics are validated at submit time in Argo.
 */
export function validateTemplateMetrics(
  templateName: string,
  metrics: readonly PrometheusMetric[],
): string | undefined {
  for (const metric of metrics) {
    if (!isValidMetricName(metric.name)) {
      return `templates.${templateName} metric name '${metric.name}' is invalid. Metric names must contain alphanumeric characters or '_'`;
    }
    const valueError = validateMetricValues(metric);
    if (valueError !== undefined)
      return `templates.${templateName} metric '${metric.name}' error: ${valueError}`;
    const labelError = validateMetricLabels(metric);
    if (labelError !== undefined) return labelError;
    if (metric.help === "") {
      return `templates.${templateName} metric '${metric.name}' must contain a help string under 'help: ' field`;
    }
  }
  return undefined;
}
