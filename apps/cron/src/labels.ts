/**
 * Weft's own keys and the condition types the scheduler sets. Argo's label and annotation keys are
 * `@weft/contracts`' `LABELS` and `ANNOTATIONS`.
 */

/**
 * Weft: scheduled times (Unix seconds, comma-separated) whose creation failed after every transient retry and that
 * are still to be caught up within `startingDeadlineSeconds`. Kept on the CronWorkflow so a restart keeps them.
 */
export const ANNOTATION_PENDING_TICKS = "cronworkflows.weft.dev/pending-ticks";

export const CONDITION_SPEC_ERROR = "SpecError";
export const CONDITION_SUBMISSION_ERROR = "SubmissionError";
/** Weft (Argo's open proposal #16233): a tick lost to transient errors, not counted in `failed`. */
export const CONDITION_TRANSIENT_SUBMISSION_ERROR = "TransientSubmissionError";
