import { z } from "zod";
import { GAUGE_OPERATIONS } from "../constants/phases.js";
import { obj, PRESERVE } from "./building-blocks.js";

export const MetricLabelSchema = obj({ key: z.string(), value: z.string() });
export type MetricLabel = z.infer<typeof MetricLabelSchema>;

export const GaugeSchema = obj({
  value: z.string(),
  realtime: z.boolean().optional(),
  operation: z
    .enum(GAUGE_OPERATIONS, { error: (issue) => `'${String(issue.input)}' is not a valid gauge operation` })
    .optional(),
});
export type Gauge = z.infer<typeof GaugeSchema>;

export const HistogramSchema = obj({
  value: z.string(),
  /** Bucket upper bounds (Argo `Amount`: numbers, written as numbers or strings). */
  buckets: z.array(z.union([z.number(), z.string()]).meta({ [PRESERVE]: true })),
});
export type Histogram = z.infer<typeof HistogramSchema>;

export const CounterSchema = obj({ value: z.string() });
export type Counter = z.infer<typeof CounterSchema>;

/** One custom Prometheus metric (`metrics.prometheus[]`). */
export const PrometheusSchema = obj({
  name: z.string(),
  labels: z.array(MetricLabelSchema).optional(),
  help: z.string(),
  when: z.string().optional(),
  gauge: GaugeSchema.optional(),
  histogram: HistogramSchema.optional(),
  counter: CounterSchema.optional(),
});
export type Prometheus = z.infer<typeof PrometheusSchema>;

export const MetricsSchema = obj({ prometheus: z.array(PrometheusSchema).max(100) });
export type Metrics = z.infer<typeof MetricsSchema>;
