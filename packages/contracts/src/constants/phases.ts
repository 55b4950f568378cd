/**
 * Phases, node types, condition types and enum values of the Argo API
 * (`workflow_phase.go`, `workflow_types.go`, `cron_workflow_types.go`).
 */

/** Workflow phases; `""` is Unknown (not yet processed). */
export const WORKFLOW_PHASES = ["", "Pending", "Running", "Succeeded", "Failed", "Error"] as const;
export type WorkflowPhase = (typeof WORKFLOW_PHASES)[number];

/** Succeeded, Failed and Error. */
export function isWorkflowPhaseCompleted(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed" || phase === "Error";
}

export const NODE_PHASES = [
  "Pending",
  "Running",
  "Succeeded",
  "Skipped",
  "Failed",
  "Error",
  "Omitted",
] as const;
export type NodePhase = (typeof NODE_PHASES)[number];

/** `NodePhase.Completed()`: Succeeded, Failed or Error (Skipped is not completed). */
export function isNodePhaseCompleted(phase: string | undefined): boolean {
  return phase === "Succeeded" || phase === "Failed" || phase === "Error";
}

export interface FulfilledInput {
  readonly phase?: string | undefined;
  readonly taskResultSynced?: boolean | undefined;
  readonly daemoned?: boolean | undefined;
}

/**
 * `NodeStatus.Fulfilled()`: completed with task results synced (or not tracked), skipped or omitted, or a
 * daemoned node past Pending.
 */
export function isNodeFulfilled(node: FulfilledInput): boolean {
  if (node.daemoned === true && node.phase !== "Pending") return true;
  if (node.phase === "Skipped" || node.phase === "Omitted") return true;
  return isNodePhaseCompleted(node.phase) && node.taskResultSynced !== false;
}

export const NODE_TYPES = [
  "Pod",
  "Container",
  "Steps",
  "StepGroup",
  "DAG",
  "TaskGroup",
  "Retry",
  "Skipped",
  "Suspend",
  "HTTP",
  "Plugin",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Workflow condition types, plus the CronWorkflow-only `SubmissionError`. */
export const CONDITION_TYPES = [
  "Completed",
  "PodRunning",
  "SpecWarning",
  "SpecError",
  "MetricsError",
  "ArtifactGCError",
  "SubmissionError",
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export const CONDITION_STATUSES = ["True", "False", "Unknown"] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

export const CRON_WORKFLOW_PHASES = ["Active", "Stopped"] as const;
export type CronWorkflowPhase = (typeof CRON_WORKFLOW_PHASES)[number];

/** `concurrencyPolicy` values; empty means Allow. */
export const CONCURRENCY_POLICIES = ["Allow", "Forbid", "Replace"] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/** `retryStrategy.retryPolicy` values; empty means OnFailure. */
export const RETRY_POLICIES = ["Always", "OnFailure", "OnError", "OnTransientError"] as const;
export type RetryPolicy = (typeof RETRY_POLICIES)[number];

/** `podGC.strategy` values. */
export const POD_GC_STRATEGIES = [
  "OnPodCompletion",
  "OnPodSuccess",
  "OnWorkflowCompletion",
  "OnWorkflowSuccess",
] as const;
export type PodGCStrategy = (typeof POD_GC_STRATEGIES)[number];

/** `spec.shutdown` values. */
export const SHUTDOWN_STRATEGIES = ["Terminate", "Stop"] as const;
export type ShutdownStrategy = (typeof SHUTDOWN_STRATEGIES)[number];

/** `gauge.operation` values; empty means Set. */
export const GAUGE_OPERATIONS = ["Set", "Add", "Sub"] as const;
export type GaugeOperation = (typeof GAUGE_OPERATIONS)[number];

/** The task results a DAG `depends` expression may test (`<task>.<Result>`). */
export const TASK_RESULTS = [
  "Succeeded",
  "Failed",
  "Errored",
  "Skipped",
  "Omitted",
  "Daemoned",
  "AnySucceeded",
  "AllFailed",
] as const;
export type TaskResult = (typeof TASK_RESULTS)[number];
