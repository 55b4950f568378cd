export {
  BUILTIN,
  BUILTIN_NAMES,
  ERROR_CAUSES,
  type ErrorCause,
  K8S_REQUEST_DURATION_BUCKETS,
  operationDurationBuckets,
  QUEUE_DURATION_BUCKETS,
  QUEUE_LATENCY_BUCKETS,
} from "./builtin-names.js";
export { type Clock, systemClock, type Ticker } from "./clock.js";
export { upsertConditionMessage, type WorkflowCondition } from "./conditions.js";
export {
  type BuildInfo,
  ControllerMetrics,
  type ControllerMetricsOptions,
  type K8sRequest,
} from "./controller-metrics.js";
export { CronMetrics } from "./cron-metrics.js";
export { CUSTOM_SCOPE, customMetricProducer } from "./custom-producer.js";
export {
  type CounterSpec,
  type GaugeOperation,
  type GaugeSpec,
  type HistogramSpec,
  isRealtime,
  type MetricLabel,
  type MetricType,
  metricTypeOf,
  type PrometheusMetric,
} from "./custom-spec.js";
export { CustomMetricStore, type CustomMetricStoreOptions, type RealtimeValue } from "./custom-store.js";
export {
  type EmitContext,
  type EmitResult,
  type EmitStage,
  emitCustomMetrics,
  type MetricsErrorCondition,
} from "./emitter.js";
export {
  type ExpositionFamily,
  type ExpositionSample,
  ExpositionSyntaxError,
  parseExposition,
} from "./exposition-parser.js";
export { parseGoFloat } from "./go-float.js";
export {
  EXPOSITION_CONTENT_TYPE,
  type HealthCheck,
  healthRequestHandler,
  metricsRequestHandler,
  type RequestHandler,
  routes,
} from "./http.js";
export { INVALID_METRIC_NAME, isValidLabelKey, isValidMetricName } from "./names.js";
export {
  type CounterMetric,
  createQueueMetricsProvider,
  type GaugeMetric,
  type HistogramMetric,
  type QueueMetricsProvider,
  type SettableGaugeMetric,
} from "./queue-metrics.js";
export { MetricsRegistry, type MetricsRegistryOptions } from "./registry.js";
export type {
  RetryAttemptEvent,
  RetryGiveUpEvent,
  RetryMetricsHooks,
  RetryRetryEvent,
  RetrySuccessEvent,
  RetryVerdictLike,
} from "./retry-hooks.js";
export { type SerializeOptions, type SerializeReport, serializeMetrics } from "./serializer.js";
export { SettableGauge } from "./settable-gauge.js";
export { substitute } from "./substitute.js";
export { validateMetricLabels, validateMetricValues, validateTemplateMetrics } from "./validate.js";
export { evaluateWhen, type WhenResult } from "./when.js";
