// The scheduler and its parts, for embedding and tests. The binary is `weft-cron` (src/bin/weft-cron.ts).
export { buildWorkflow, rfc3339, workflowName } from "./build-workflow.js";
export { type Clock, kubeClock, retryClock, systemClock } from "./clock.js";
export { decideConcurrency, type PolicyDecision } from "./concurrency.js";
export { type CronConfig, HELP, parseConfig, parseListenAddress } from "./config.js";
export { argoCrds, installArgoCrds } from "./crds.js";
export { type CreateOptions, createWorkflowWithRetry } from "./create-workflow.js";
export { type EvalContext, evaluate } from "./expr/evaluate.js";
export { ExpressionError } from "./expr/lexer.js";
export { DurationValue, TimeValue, type Value } from "./expr/values.js";
export {
  DEFAULT_FAILED_HISTORY_LIMIT,
  DEFAULT_SUCCESSFUL_HISTORY_LIMIT,
  effectiveLimit,
  isFulfilled,
  selectHistoryDeletions,
} from "./history.js";
export type { CronApi } from "./kube/cron-api.js";
export {
  type RequestObservation,
  WeftKubeCronApi,
  type WeftKubeCronApiOptions,
} from "./kube/weft-kube-api.js";
export {
  ANNOTATION_PENDING_TICKS,
  CONDITION_SPEC_ERROR,
  CONDITION_SUBMISSION_ERROR,
  CONDITION_TRANSIENT_SUBMISSION_ERROR,
} from "./labels.js";
export { type RunningCron, runCron } from "./main.js";
export { type MissedRunInput, missedRun } from "./missed-run.js";
export {
  type MissedClass,
  mostRecentScheduleTime,
  NEXT_SCHEDULE_DELTA_MS,
  nextScheduleTimeDuration,
} from "./most-recent.js";
export {
  parseGoDurationMs,
  parseSchedule,
  type Schedule,
  type ScheduleResult,
} from "./schedule.js";
export { CronScheduler, type SchedulerOptions } from "./scheduler.js";
export { noMetrics, registryMetrics, type SchedulerMetrics, type TickOutcome } from "./scheduler-metrics.js";
export { evaluateStopStrategy, type StopResult } from "./stop-strategy.js";
export { TimerHeap } from "./timer-heap.js";
export type { CronWorkflow, CronWorkflowSpec, CronWorkflowStatus, Workflow } from "./types.js";
export { schedulesOf, validateCronWorkflow } from "./validate.js";
export { evaluateWhen, type WhenResult } from "./when.js";
