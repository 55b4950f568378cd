import type { Counter, Histogram, Meter } from "@opentelemetry/api";
import {
  BUILTIN,
  ERROR_CAUSES,
  type ErrorCause,
  K8S_REQUEST_DURATION_BUCKETS,
  operationDurationBuckets,
} from "./builtin-names.js";
import { SettableGauge } from "./settable-gauge.js";

export interface BuildInfo {
  readonly version: string;
  readonly platform: string;
  readonly goVersion?: string;
  readonly buildDate?: string;
  readonly compiler?: string;
  readonly gitCommit?: string;
  readonly gitTreeState?: string;
  readonly gitTag?: string;
}

export interface K8sRequest {
  readonly kind: string;
  readonly verb: string;
  readonly statusCode: number;
  readonly durationSeconds: number;
}

export interface ControllerMetricsOptions {
  /** `MAX_OPERATION_TIME` in seconds (default 30). */
  readonly maxOperationTimeSeconds?: number;
  /** `OPERATION_DURATION_METRIC_BUCKET_COUNT` (default 6). */
  readonly operationDurationBucketCount?: number;
}

/** The workflow controller's built-in metrics, with Argo's names and attributes. */
export class ControllerMetrics {
  readonly #version: Counter;
  readonly #deprecated: Counter;
  readonly #podsTotal: Counter;
  readonly #podMissing: Counter;
  readonly #podPending: Counter;
  readonly #workflowsTotal: Counter;
  readonly #operationDuration: Histogram;
  readonly #errors: Counter;
  readonly #logMessages: Counter;
  readonly #k8sRequests: Counter;
  readonly #k8sDuration: Histogram;
  /** `is_leader`: 1 while this replica holds the lease, else 0. */
  readonly isLeader: SettableGauge;
  /** `pods_gauge{phase}`: workflow pods currently in the cluster, by phase. */
  readonly podsByPhase: SettableGauge;
  /** `gauge{phase}`: workflows by phase. */
  readonly workflowsByPhase: SettableGauge;
  /** `workflow_condition{type,status}`: workflows with a condition. */
  readonly workflowConditions: SettableGauge;

  constructor(meter: Meter, options: ControllerMetricsOptions = {}) {
    this.#version = meter.createCounter(BUILTIN.version, {
      description: "Build metadata for this controller",
    });
    this.#deprecated = meter.createCounter(BUILTIN.deprecatedFeature, {
      description: "Incidents of deprecated feature being used",
    });
    this.isLeader = new SettableGauge(meter, BUILTIN.isLeader, "Emits 1 if leader, 0 otherwise");
    this.isLeader.set(0);
    this.podsByPhase = new SettableGauge(
      meter,
      BUILTIN.podsGauge,
      "Number of Pods from Workflows currently accessible by the controller by status",
    );
    this.#podsTotal = meter.createCounter(BUILTIN.podsTotalCount, {
      description: "Total number of pods that have entered each phase",
    });
    this.#podMissing = meter.createCounter(BUILTIN.podMissing, { description: "Incidents of pod missing" });
    this.#podPending = meter.createCounter(BUILTIN.podPendingCount, {
      description: "Total number of pods that started pending by reason",
    });
    this.workflowsByPhase = new SettableGauge(
      meter,
      BUILTIN.workflowsGauge,
      "Number of Workflows currently accessible by the controller by status",
    );
    this.#workflowsTotal = meter.createCounter(BUILTIN.workflowsTotalCount, {
      description: "Total number of workflows that have entered each phase",
    });
    this.#operationDuration = meter.createHistogram(BUILTIN.operationDurationSeconds, {
      description: "Histogram of durations of operations",
      unit: "s",
      advice: {
        explicitBucketBoundaries: [
          ...operationDurationBuckets(options.maxOperationTimeSeconds, options.operationDurationBucketCount),
        ],
      },
    });
    this.#errors = meter.createCounter(BUILTIN.errorCount, {
      description: "Number of errors encountered by the controller by cause",
    });
    for (const cause of ERROR_CAUSES) this.#errors.add(0, { cause });
    this.#logMessages = meter.createCounter(BUILTIN.logMessages, {
      description: "Total number of log messages",
    });
    this.#k8sRequests = meter.createCounter(BUILTIN.k8sRequestTotal, {
      description: "Number of kubernetes requests executed",
    });
    this.#k8sDuration = meter.createHistogram(BUILTIN.k8sRequestDuration, {
      description: "Duration of kubernetes requests executed",
      unit: "s",
      advice: { explicitBucketBoundaries: [...K8S_REQUEST_DURATION_BUCKETS] },
    });
    this.workflowConditions = new SettableGauge(
      meter,
      BUILTIN.workflowCondition,
      "Workflow conditions by type and status",
    );
  }

  /** `version`: add once at start. */
  recordVersion(info: BuildInfo): void {
    this.#version.add(1, {
      version: info.version,
      platform: info.platform,
      go_version: info.goVersion ?? "",
      build_date: info.buildDate ?? "",
      compiler: info.compiler ?? "",
      git_commit: info.gitCommit ?? "",
      git_tree_state: info.gitTreeState ?? "",
      git_tag: info.gitTag ?? "",
    });
  }

  deprecatedFeature(feature: string, namespace?: string): void {
    this.#deprecated.add(1, namespace === undefined ? { feature } : { feature, namespace });
  }

  /** `total_count{phase,namespace}`: a workflow entered `phase`. */
  workflowPhase(phase: string, namespace: string): void {
    this.#workflowsTotal.add(1, { phase, namespace });
  }

  /** `pods_total_count{phase,namespace}`: a pod entered `phase`. */
  podPhase(phase: string, namespace: string): void {
    this.#podsTotal.add(1, { phase, namespace });
  }

  podMissing(nodePhase: string, recentlyStarted: boolean): void {
    this.#podMissing.add(1, { node_phase: nodePhase, recently_started: String(recentlyStarted) });
  }

  /** `pod_pending_count{reason,namespace}`: the reason is the text before the first ':'. */
  podPending(reason: string, namespace: string): void {
    const colon = reason.indexOf(":");
    this.#podPending.add(1, { reason: colon === -1 ? reason : reason.slice(0, colon), namespace });
  }

  /** `operation_duration_seconds`: one reconciliation of one workflow. */
  operationDuration(seconds: number): void {
    this.#operationDuration.record(seconds);
  }

  error(cause: ErrorCause): void {
    this.#errors.add(1, { cause });
  }

  logMessage(level: "error" | "warn" | "info"): void {
    this.#logMessages.add(1, { level });
  }

  /** `k8s_request_total` and `k8s_request_duration{kind,verb,status_code}`. */
  k8sRequest(request: K8sRequest): void {
    const attributes = { kind: request.kind, verb: request.verb, status_code: String(request.statusCode) };
    this.#k8sRequests.add(1, attributes);
    this.#k8sDuration.record(request.durationSeconds, attributes);
  }
}
