export { AttemptTimeoutError } from "./attempt-timeout-error.js";
export { backoffDelay, MAX_TIMER_MS, type Schedule } from "./backoff.js";
export { RetryBudget, type RetryBudgetOptions } from "./budget.js";
export {
  classifyKubeStatus,
  type KubeStatus,
  kubeStatusOf,
  parseKubeStatus,
} from "./classifiers/kubernetes.js";
export { TRANSIENT_MESSAGES } from "./classifiers/messages.js";
export { TRANSIENT_NETWORK_CODES } from "./classifiers/network.js";
export { OSS_PERMANENT_CODES, OSS_TRANSIENT_CODES } from "./classifiers/oss.js";
export { type PatternWarning, patternClassifier } from "./classifiers/pattern.js";
export { S3_PERMANENT_CODES, S3_TRANSIENT_CODES } from "./classifiers/s3.js";
export { MYSQL_TRANSIENT_ERRNOS, POSTGRES_TRANSIENT_CODES } from "./classifiers/sql.js";
export { classifiers, classify, composeClassifiers, defaultClassifiers, isTransient } from "./classify.js";
export { type Clock, FakeClock, systemClock } from "./clock.js";
export type { GiveUpReason, JitterMode, RetryHooks, RetryOptions } from "./options.js";
export { type PresetName, presets } from "./presets.js";
export { type Attempt, type AttemptContext, RetryPolicy, retry } from "./retry.js";
export { parseRetryAfter } from "./retry-after.js";
export { TransientError } from "./transient-error.js";
export type { Classifier, Verdict } from "./verdict.js";
