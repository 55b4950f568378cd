/**
 * The parts of Argo's CronWorkflow and Workflow objects the scheduler reads and writes, as plain JSON shapes.
 * Unknown fields are kept as they are (the Workflow spec is copied verbatim from `spec.workflowSpec`).
 */

export interface ObjectMeta {
  name?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  creationTimestamp?: string | undefined;
  deletionTimestamp?: string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  finalizers?: string[] | undefined;
  ownerReferences?: OwnerReference[] | undefined;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean | undefined;
  blockOwnerDeletion?: boolean | undefined;
}

export interface ObjectReference {
  kind?: string | undefined;
  apiVersion?: string | undefined;
  name?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
}

export interface CronCondition {
  type: string;
  status: string;
  message?: string | undefined;
}

export interface CronWorkflowSpec {
  schedules?: string[] | undefined;
  /** Removed in Argo 4.0; still read (3.6 manifests) when `schedules` is empty. */
  schedule?: string | undefined;
  timezone?: string | undefined;
  concurrencyPolicy?: string | undefined;
  suspend?: boolean | undefined;
  startingDeadlineSeconds?: number | undefined;
  successfulJobsHistoryLimit?: number | undefined;
  failedJobsHistoryLimit?: number | undefined;
  stopStrategy?: { expression?: string | undefined } | undefined;
  when?: string | undefined;
  workflowMetadata?:
    | {
        labels?: Record<string, string> | undefined;
        annotations?: Record<string, string> | undefined;
        finalizers?: string[] | undefined;
      }
    | undefined;
  workflowSpec?: Record<string, unknown> | undefined;
}

export interface CronWorkflowStatus {
  active?: ObjectReference[] | null | undefined;
  lastScheduledTime?: string | null | undefined;
  succeeded?: number | undefined;
  failed?: number | undefined;
  phase?: string | undefined;
  conditions?: CronCondition[] | null | undefined;
}

export interface CronWorkflow {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: ObjectMeta;
  spec: CronWorkflowSpec;
  status?: CronWorkflowStatus | undefined;
}

export interface Workflow {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata: ObjectMeta;
  spec?: Record<string, unknown> | undefined;
  status?: { phase?: string | undefined; finishedAt?: string | null | undefined } | undefined;
}
