/**
 * The custom metric spec of an Argo workflow or template (`metrics.prometheus[]`), in its JSON shape.
 * Values are strings because they may hold `{{...}}` variables until emission substitutes them.
 */
export type GaugeOperation = "Set" | "Add" | "Sub";

export interface MetricLabel {
  readonly key: string;
  readonly value: string;
}

export interface GaugeSpec {
  readonly value: string;
  /** Realtime gauges are read at scrape time from a function (`{{workflow.duration}}` or `{{duration}}`). */
  readonly realtime?: boolean;
  /** Empty or absent means `Set`. */
  readonly operation?: GaugeOperation | "";
}

export interface HistogramSpec {
  readonly value: string;
  /** Upper bounds; Argo's `Amount` is a JSON number, a numeric string is accepted too. */
  readonly buckets: readonly (number | string)[];
}

export interface CounterSpec {
  readonly value: string;
}

export interface PrometheusMetric {
  readonly name: string;
  readonly labels?: readonly MetricLabel[];
  readonly help: string;
  readonly when?: string;
  readonly gauge?: GaugeSpec;
  readonly histogram?: HistogramSpec;
  readonly counter?: CounterSpec;
}

export type MetricType = "gauge" | "histogram" | "counter";

/** The type comes from the first of gauge, histogram, counter that is present (Argo `GetMetricType`). */
export function metricTypeOf(metric: PrometheusMetric): MetricType | undefined {
  if (metric.gauge !== undefined) return "gauge";
  if (metric.histogram !== undefined) return "histogram";
  if (metric.counter !== undefined) return "counter";
  return undefined;
}

/** A gauge with `realtime: true` (Argo `IsRealtime`). */
export function isRealtime(metric: PrometheusMetric): boolean {
  return metric.gauge?.realtime === true;
}

/** The value field of whichever type the metric has. */
export function metricValueOf(metric: PrometheusMetric): string | undefined {
  return metric.gauge?.value ?? metric.histogram?.value ?? metric.counter?.value;
}

/** Returns a copy of `metric` with the value of its type replaced. */
export function withValue(metric: PrometheusMetric, value: string): PrometheusMetric {
  if (metric.gauge !== undefined) return { ...metric, gauge: { ...metric.gauge, value } };
  if (metric.histogram !== undefined) return { ...metric, histogram: { ...metric.histogram, value } };
  if (metric.counter !== undefined) return { ...metric, counter: { ...metric.counter, value } };
  return metric;
}
