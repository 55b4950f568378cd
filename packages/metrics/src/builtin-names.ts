/**
 * Argo's built-in metric names (without the `argo_workflows_` prefix), with their attributes and histogram buckets
 * in seconds. Weft-only additions are marked; they sit under the same prefix.
 */
export const BUILTIN = {
  version: "version",
  deprecatedFeature: "deprecated_feature",
  isLeader: "is_leader",
  podsGauge: "pods_gauge",
  podsTotalCount: "pods_total_count",
  podMissing: "pod_missing",
  podPendingCount: "pod_pending_count",
  workflowsGauge: "gauge",
  workflowsTotalCount: "total_count",
  operationDurationSeconds: "operation_duration_seconds",
  errorCount: "error_count",
  logMessages: "log_messages",
  k8sRequestTotal: "k8s_request_total",
  k8sRequestDuration: "k8s_request_duration",
  workflowCondition: "workflow_condition",
  workersBusyCount: "workers_busy_count",
  queueDepthGauge: "queue_depth_gauge",
  queueAddsCount: "queue_adds_count",
  queueLatency: "queue_latency",
  queueDuration: "queue_duration",
  queueRetries: "queue_retries",
  queueUnfinishedWork: "queue_unfinished_work",
  queueLongestRunning: "queue_longest_running",
  cronTriggered: "cronworkflows_triggered_total",
  cronConcurrencyPolicyTriggered: "cronworkflows_concurrencypolicy_triggered",
  /** Weft: `done()` of an item that was not being processed. */
  queueInvalidDone: "queue_invalid_done_count",
  /** Weft: attempts started by `@weft/retry`, by operation. */
  retryAttempts: "retry_attempts_total",
  /** Weft: retries scheduled by `@weft/retry`, by operation, verdict and classifier. */
  retries: "retries_total",
  /** Weft: `@weft/retry` give-ups, by operation, verdict, classifier and reason. */
  retryGiveUps: "retry_give_ups_total",
  /** Weft: invalid custom metrics reported as a MetricsError condition, by stage. */
  customMetricErrors: "custom_metric_errors_total",
  /** Weft: new custom series dropped at the per-metric cardinality limit, by metric_name. */
  customMetricOverflow: "custom_metric_overflow_total",
  /** Weft: realtime value functions that threw during a scrape, by metric_name. */
  customMetricRealtimeErrors: "custom_metric_realtime_errors_total",
} as const;

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(Object.values(BUILTIN));

/** `error_count` causes; all are initialised to 0 at start, as Argo does. */
export const ERROR_CAUSES = [
  "OperationPanic",
  "CronWorkflowSubmissionError",
  "CronWorkflowSpecError",
] as const;
export type ErrorCause = (typeof ERROR_CAUSES)[number];

/** Argo `queue_latency` buckets. */
export const QUEUE_LATENCY_BUCKETS: readonly number[] = [1, 5, 20, 60, 180];
/** Argo `queue_duration` and `k8s_request_duration` buckets. */
export const QUEUE_DURATION_BUCKETS: readonly number[] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60, 180];
export const K8S_REQUEST_DURATION_BUCKETS: readonly number[] = QUEUE_DURATION_BUCKETS;

/**
 * Argo `operation_duration_seconds` buckets: `MAX_OPERATION_TIME` (default 30 s) split into
 * `OPERATION_DURATION_METRIC_BUCKET_COUNT` (default 6) linear buckets starting at one bucket width.
 */
export function operationDurationBuckets(maxSeconds = 30, count = 6): readonly number[] {
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) {
    throw new TypeError(`maxOperationTimeSeconds must be a finite number > 0, got ${String(maxSeconds)}`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(`operationDurationBucketCount must be an integer >= 1, got ${String(count)}`);
  }
  const width = maxSeconds / count;
  return Array.from({ length: count }, (_, i) => width * (i + 1));
}
