/** Label and annotation keys (Argo's, `workflow/common/common.go`), plus Weft's own under `weft.dev/`. */
export const LABEL_CRON_WORKFLOW = "workflows.argoproj.io/cron-workflow";
export const LABEL_CRON_COMPLETED = "cronworkflows.argoproj.io/completed";
export const LABEL_INSTANCE_ID = "workflows.argoproj.io/controller-instanceid";
export const LABEL_CREATOR = "workflows.argoproj.io/creator";
export const LABEL_CREATOR_EMAIL = "workflows.argoproj.io/creator-email";
export const LABEL_CREATOR_PREFERRED_USERNAME = "workflows.argoproj.io/creator-preferred-username";
export const ANNOTATION_SCHEDULED_TIME = "workflows.argoproj.io/scheduled-time";
export const ANNOTATION_LAST_USED_SCHEDULE = "cronworkflows.argoproj.io/last-used-schedule";
/**
 * Weft: scheduled times (Unix seconds, comma-separated) whose creation failed after every transient retry and that
 * are still to be caught up within `startingDeadlineSeconds`. Kept on the CronWorkflow so a restart keeps them.
 */
export const ANNOTATION_PENDING_TICKS = "cronworkflows.weft.dev/pending-ticks";

export const API_VERSION = "argoproj.io/v1alpha1";
export const CONDITION_SPEC_ERROR = "SpecError";
export const CONDITION_SUBMISSION_ERROR = "SubmissionError";
/** Weft (Argo's open proposal #16233): a tick lost to transient errors, not counted in `failed`. */
export const CONDITION_TRANSIENT_SUBMISSION_ERROR = "TransientSubmissionError";
