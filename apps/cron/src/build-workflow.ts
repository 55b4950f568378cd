import {
  API_VERSION,
  type CronWorkflow as ContractsCronWorkflow,
  cronRunName,
  cronWorkflowToWorkflow,
} from "@weft/contracts";
import type { CronWorkflow, Workflow } from "./types.js";

/** `<cron name>-<scheduled time in Unix seconds>`: the same tick always gets the same name (Argo #4638). */
export function workflowName(cronName: string, scheduledMs: number): string {
  return cronRunName(cronName, new Date(scheduledMs));
}

/** Go's RFC 3339 (`time.RFC3339`) rendering in UTC: no fractional seconds, `Z`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * Argo's `ConvertCronWorkflowToWorkflowWithProperties` (`@weft/contracts`' `cronWorkflowToWorkflow`): the Workflow a
 * tick creates. Labels: the cron-workflow label, the creator labels and instance id copied from the cron, then
 * `workflowMetadata.labels`; annotations: the scheduled time, then `workflowMetadata.annotations`; finalizers from
 * `workflowMetadata`; one controller ownerReference to the CronWorkflow; the spec is `spec.workflowSpec`. The
 * scheduler's objects come from the wire unvalidated, so a missing `apiVersion` or `workflowSpec` is filled in.
 */
export function buildWorkflow(cron: CronWorkflow, scheduledMs: number): Workflow {
  const complete = {
    ...cron,
    apiVersion: cron.apiVersion ?? API_VERSION,
    spec: { ...cron.spec, workflowSpec: cron.spec.workflowSpec ?? {} },
  } as unknown as ContractsCronWorkflow;
  return cronWorkflowToWorkflow(complete, new Date(scheduledMs)) as unknown as Workflow;
}
