/**
 * Label keys Argo sets or reads (`workflow/common/common.go`). Values are the exact keys.
 */
export const LABELS = {
  /** On Workflows created by a CronWorkflow: the cron's name. */
  cronWorkflow: "workflows.argoproj.io/cron-workflow",
  /** `"true"` on completed workflows and their pods. */
  completed: "workflows.argoproj.io/completed",
  /** `"true"` on a CronWorkflow stopped by its stop strategy. */
  cronWorkflowCompleted: "cronworkflows.argoproj.io/completed",
  controllerInstanceId: "workflows.argoproj.io/controller-instanceid",
  creator: "workflows.argoproj.io/creator",
  creatorEmail: "workflows.argoproj.io/creator-email",
  creatorPreferredUsername: "workflows.argoproj.io/creator-preferred-username",
  actor: "workflows.argoproj.io/actor",
  actorEmail: "workflows.argoproj.io/actor-email",
  actorPreferredUsername: "workflows.argoproj.io/actor-preferred-username",
  action: "workflows.argoproj.io/action",
  /** On pods: the workflow name. */
  workflow: "workflows.argoproj.io/workflow",
  component: "workflows.argoproj.io/component",
  /** The workflow phase, for filtering. */
  phase: "workflows.argoproj.io/phase",
  workflowArchivingStatus: "workflows.argoproj.io/workflow-archiving-status",
  resubmittedFromWorkflow: "workflows.argoproj.io/resubmitted-from-workflow",
  workflowTemplate: "workflows.argoproj.io/workflow-template",
  clusterWorkflowTemplate: "workflows.argoproj.io/cluster-workflow-template",
  workflowEventBinding: "workflows.argoproj.io/workflow-event-binding",
  /** On pods of exit-handler nodes (not shut down when a workflow is stopped). */
  onExit: "workflows.argoproj.io/on-exit",
  artifactGcPod: "workflows.argoproj.io/artifact-gc-pod",
  /** On WorkflowTaskResults: `"true"` once all outputs are reported. */
  reportOutputsCompleted: "workflows.argoproj.io/report-outputs-completed",
  backfill: "workflows.argoproj.io/backfill",
  parallelismLimit: "workflows.argoproj.io/parallelism-limit",
  configMapType: "workflows.argoproj.io/configmap-type",
  /** On examples that the e2e suite skips; the value is the reason. */
  noTest: "workflows.argoproj.io/no-test",
} as const;
export type LabelKey = (typeof LABELS)[keyof typeof LABELS];

/** Annotation keys Argo sets or reads. */
export const ANNOTATIONS = {
  /** On Workflows created by a CronWorkflow: the scheduled time in RFC 3339. */
  scheduledTime: "workflows.argoproj.io/scheduled-time",
  /** On CronWorkflows: the schedule string (with timezone) last used. */
  lastUsedSchedule: "cronworkflows.argoproj.io/last-used-schedule",
  nodeId: "workflows.argoproj.io/node-id",
  nodeName: "workflows.argoproj.io/node-name",
  nodeType: "workflows.argoproj.io/node-type",
  nodeStartTime: "workflows.argoproj.io/node-start-time",
  workflowName: "workflows.argoproj.io/workflow-name",
  workflowUid: "workflows.argoproj.io/workflow-uid",
  /** `v1` or `v2`: the pod naming convention. */
  podNameFormat: "workflows.argoproj.io/pod-name-format",
  progress: "workflows.argoproj.io/progress",
  artifactGcStrategy: "workflows.argoproj.io/artifact-gc-strategy",
  podGcStrategy: "workflows.argoproj.io/pod-gc-strategy",
  serviceAccountTokenName: "workflows.argoproj.io/service-account-token.name",
  rbacRule: "workflows.argoproj.io/rbac-rule",
  rbacRulePrecedence: "workflows.argoproj.io/rbac-rule-precedence",
  traceId: "workflows.argoproj.io/trace-id",
  spanId: "workflows.argoproj.io/span-id",
  /** On the artifact-repositories ConfigMap: the default key. */
  defaultArtifactRepository: "workflows.argoproj.io/default-artifact-repository",
  /** On templates (`metadata.annotations`): overrides a node's display name. */
  displayName: "workflows.argoproj.io/display-name",
  defaultContainer: "kubectl.kubernetes.io/default-container",
} as const;
export type AnnotationKey = (typeof ANNOTATIONS)[keyof typeof ANNOTATIONS];

/** `workflows.argoproj.io/kill-cmd-<container>`: the command used to kill an injected sidecar. */
export function killCommandAnnotation(containerName: string): string {
  return `workflows.argoproj.io/kill-cmd-${containerName}`;
}
