import type { DataPoint, Histogram, MetricData, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { DataPointType } from "@opentelemetry/sdk-metrics";
import { escapeHelp, labelText, sanitizeName, withLabel } from "./labels.js";

export interface SerializeOptions {
  /** Prepended with `_` to every metric name (Argo: `argo_workflows`). Empty: no prefix. */
  readonly prefix?: string;
}

/** What one serialization dropped to keep the output valid (both are 0 unless names collide). */
export interface SerializeReport {
  readonly text: string;
  /** Metrics dropped because another metric of a different type had the same name. */
  readonly conflictingMetrics: number;
  /** Series dropped because the same name and labels already appeared in this output. */
  readonly duplicateSeries: number;
}

type PromType = "counter" | "gauge" | "histogram";

interface Family {
  readonly name: string;
  readonly type: PromType;
  readonly help: string;
  readonly metrics: MetricData[];
}

function promType(metric: MetricData): PromType | undefined {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? "counter" : "gauge";
    case DataPointType.GAUGE:
      return "gauge";
    case DataPointType.HISTOGRAM:
      return "histogram";
    default:
      return undefined;
  }
}

/** A sample value in exposition syntax. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function histogramLines(name: string, point: DataPoint<Histogram>): string {
  const labels = labelText(point.attributes);
  const { boundaries, counts } = point.value.buckets;
  let text = "";
  let cumulative = 0;
  for (let i = 0; i < boundaries.length; i++) {
    cumulative += counts[i] ?? 0;
    text += `${name}_bucket${withLabel(labels, "le", formatValue(boundaries[i] ?? 0))} ${cumulative}\n`;
  }
  text += `${name}_bucket${withLabel(labels, "le", "+Inf")} ${point.value.count}\n`;
  text += `${name}_sum${labels} ${formatValue(point.value.sum ?? 0)}\n`;
  text += `${name}_count${labels} ${point.value.count}\n`;
  return text;
}

/**
 * Writes OTel metric data as Prometheus text exposition format 0.0.4, with Argo's naming: the metric name is kept as
 * given (only prefixed and sanitised), so counters never gain a `_total` suffix they do not already have, and no
 * unit suffix, scope labels or `target_info` are added. One HELP and TYPE per family; a family's series stay
 * together; histogram `le` buckets are cumulative and end with `+Inf`.
 */
export function serializeMetrics(
  resourceMetrics: ResourceMetrics,
  options: SerializeOptions = {},
): SerializeReport {
  const prefix = options.prefix ? `${sanitizeName(options.prefix)}_` : "";
  const families = new Map<string, Family>();
  let conflictingMetrics = 0;
  let duplicateSeries = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const type = promType(metric);
      if (type === undefined) {
        conflictingMetrics++;
        continue;
      }
      const name = prefix + sanitizeName(metric.descriptor.name);
      const family = families.get(name);
      if (family === undefined) {
        families.set(name, { name, type, help: metric.descriptor.description, metrics: [metric] });
      } else if (family.type === type) {
        family.metrics.push(metric);
      } else {
        conflictingMetrics++;
      }
    }
  }
  let text = "";
  for (const family of families.values()) {
    let body = "";
    const seen = family.metrics.length > 1 ? new Set<string>() : undefined;
    for (const metric of family.metrics) {
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        for (const point of metric.dataPoints) {
          if (seen !== undefined) {
            const labels = labelText(point.attributes);
            if (seen.has(labels)) {
              duplicateSeries++;
              continue;
            }
            seen.add(labels);
          }
          body += histogramLines(family.name, point);
        }
      } else if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) {
        for (const point of metric.dataPoints) {
          const labels = labelText(point.attributes);
          if (seen !== undefined) {
            if (seen.has(labels)) {
              duplicateSeries++;
              continue;
            }
            seen.add(labels);
          }
          body += `${family.name}${labels} ${formatValue(point.value)}\n`;
        }
      }
    }
    if (body === "") continue;
    text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n${body}`;
  }
  return { text, conflictingMetrics, duplicateSeries };
}
