import type { MetricsRegistry } from "@weft/metrics";
import type { RetryHooks } from "@weft/retry";
import type { QueueMetricsProvider } from "@weft/workqueue";
import type { RequestObservation } from "./kube/weft-kube-api.js";

/** Where a tick ended. */
export type TickOutcome =
  | "created"
  | "exists"
  | "skipped"
  | "forbidden"
  | "submission_error"
  | "pending"
  | "caught_up"
  | "lost";

/** What the scheduler reports; {@link registryMetrics} feeds `@weft/metrics`, tests may count calls. */
export interface SchedulerMetrics {
  triggered(name: string, namespace: string): void;
  concurrencyPolicyTriggered(name: string, namespace: string, policy: "Forbid" | "Replace"): void;
  error(cause: "CronWorkflowSubmissionError" | "CronWorkflowSpecError"): void;
  tick(outcome: TickOutcome): void;
  /** Seconds between a tick's scheduled time and the start of its creation. */
  lateness(seconds: number): void;
  /** Seconds between a wake-up's due time and the timer heap firing it (optional). */
  wakeLateness?(seconds: number): void;
  k8sRequest(observation: RequestObservation): void;
  leader(isLeader: boolean): void;
  readonly retryHooks: RetryHooks | undefined;
  readonly queueMetrics: QueueMetricsProvider | undefined;
}

export const noMetrics: SchedulerMetrics = {
  triggered() {},
  concurrencyPolicyTriggered() {},
  error() {},
  tick() {},
  lateness() {},
  k8sRequest() {},
  leader() {},
  retryHooks: undefined,
  queueMetrics: undefined,
};

/**
 * Argo's cron metrics (`cronworkflows_triggered_total`, `cronworkflows_concurrencypolicy_triggered`, `error_count`),
 * queue, worker, k8s request and retry metrics from `@weft/metrics`, plus Weft's
 * `cronworkflows_ticks_total{outcome}` and `cronworkflows_schedule_lateness_seconds`.
 */
export function registryMetrics(registry: MetricsRegistry): SchedulerMetrics {
  const ticks = registry.meter.createCounter("cronworkflows_ticks_total", {
    description:
      "CronWorkflow ticks by outcome (created, exists, skipped, forbidden, submission_error, pending, caught_up, lost)",
  });
  const lateness = registry.meter.createHistogram("cronworkflows_schedule_lateness_seconds", {
    description: "Delay between a tick's scheduled time and the start of its creation",
    unit: "s",
    advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] },
  });
  return {
    triggered: (name, namespace) => registry.cron.triggered(name, namespace),
    concurrencyPolicyTriggered: (name, namespace, policy) =>
      registry.cron.concurrencyPolicyTriggered(name, namespace, policy),
    error: (cause) => registry.controller.error(cause),
    tick: (outcome) => ticks.add(1, { outcome }),
    lateness: (seconds) => lateness.record(seconds),
    k8sRequest: (o) => registry.controller.k8sRequest(o),
    leader: (isLeader) => registry.controller.isLeader.set(isLeader ? 1 : 0),
    retryHooks: registry.retryHooks(),
    queueMetrics: registry.queueMetricsProvider(),
  };
}
