import {
  ANNOTATION_SCHEDULED_TIME,
  API_VERSION,
  LABEL_CREATOR,
  LABEL_CREATOR_EMAIL,
  LABEL_CREATOR_PREFERRED_USERNAME,
  LABEL_CRON_WORKFLOW,
  LABEL_INSTANCE_ID,
} from "./labels.js";
import type { CronWorkflow, Workflow } from "./types.js";

/** `<cron name>-<scheduled time in Unix seconds>`: the same tick always gets the same name (Argo #4638). */
export function workflowName(cronName: string, scheduledMs: number): string {
  return `${cronName}-${Math.floor(scheduledMs / 1000)}`;
}

/** Go's RFC 3339 (`time.RFC3339`) rendering in UTC: no fractional seconds, `Z`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

const COPIED_LABELS = [
  LABEL_CREATOR,
  LABEL_CREATOR_EMAIL,
  LABEL_CREATOR_PREFERRED_USERNAME,
  LABEL_INSTANCE_ID,
];

/**
 * Argo's `ConvertCronWorkflowToWorkflowWithProperties`: the Workflow a tick creates. Labels: the cron-workflow
 * label, the creator labels and instance id copied from the cron, then `workflowMetadata.labels`; annotations: the
 * scheduled time, then `workflowMetadata.annotations`; finalizers from `workflowMetadata`; one controller
 * ownerReference to the CronWorkflow; the spec is `spec.workflowSpec`.
 */
export function buildWorkflow(cron: CronWorkflow, scheduledMs: number): Workflow {
  const name = cron.metadata.name ?? "";
  const labels: Record<string, string> = { [LABEL_CRON_WORKFLOW]: name };
  for (const key of COPIED_LABELS) {
    const value = cron.metadata.labels?.[key];
    if (value !== undefined) labels[key] = value;
  }
  Object.assign(labels, cron.spec.workflowMetadata?.labels ?? {});
  const annotations: Record<string, string> = {
    [ANNOTATION_SCHEDULED_TIME]: rfc3339(scheduledMs),
    ...(cron.spec.workflowMetadata?.annotations ?? {}),
  };
  const finalizers = cron.spec.workflowMetadata?.finalizers;
  return {
    apiVersion: cron.apiVersion ?? API_VERSION,
    kind: "Workflow",
    metadata: {
      name: workflowName(name, scheduledMs),
      ...(cron.metadata.namespace === undefined ? {} : { namespace: cron.metadata.namespace }),
      labels,
      annotations,
      ...(finalizers === undefined || finalizers.length === 0 ? {} : { finalizers: [...finalizers] }),
      ownerReferences: [
        {
          apiVersion: cron.apiVersion ?? API_VERSION,
          kind: "CronWorkflow",
          name,
          uid: cron.metadata.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(cron.spec.workflowSpec ?? {}),
  };
}
