/** API group, version and kinds of the Argo resources (`pkg/apis/workflow/register.go`). */
export const API_GROUP = "argoproj.io";
export const API_VERSION_NAME = "v1alpha1";
export const API_VERSION = `${API_GROUP}/${API_VERSION_NAME}` as const;

export const KINDS = {
  Workflow: "Workflow",
  WorkflowTemplate: "WorkflowTemplate",
  ClusterWorkflowTemplate: "ClusterWorkflowTemplate",
  CronWorkflow: "CronWorkflow",
  WorkflowTaskResult: "WorkflowTaskResult",
} as const;
export type Kind = (typeof KINDS)[keyof typeof KINDS];

/** Plural resource names (`<plural>.argoproj.io` is the CRD name). */
export const PLURALS = {
  Workflow: "workflows",
  WorkflowTemplate: "workflowtemplates",
  ClusterWorkflowTemplate: "clusterworkflowtemplates",
  CronWorkflow: "cronworkflows",
  WorkflowTaskResult: "workflowtaskresults",
} as const;

/** Container names Argo reserves inside workflow pods. */
export const CONTAINER_NAMES = {
  main: "main",
  init: "init",
  wait: "wait",
} as const;

/** Longest workflow, workflow template and object name Argo accepts. */
export const MAX_OBJECT_NAME_LENGTH = 63;
/** Longest CronWorkflow name: leaves room for the `-<unix seconds>` suffix of the workflows it creates. */
export const MAX_CRON_WORKFLOW_NAME_LENGTH = 52;
