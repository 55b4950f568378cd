export type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  QueueMetricsProvider,
  SettableGaugeMetric,
} from "./metrics.js";
