import { ANNOTATIONS, LABELS } from "./constants/labels.js";
import type { CronWorkflow, Workflow } from "./schema/resources.js";

/**
 * What a CronWorkflow run creates (Argo `ConvertCronWorkflowToWorkflowWithProperties`), so the scheduler and the
 * controller agree on names, labels and annotations.
 */

/** `<cron>-<scheduled time in Unix seconds>`: deterministic, so a duplicate submission is AlreadyExists. */
export function cronRunName(cronName: string, scheduledTime: Date): string {
  return `${cronName}-${Math.floor(scheduledTime.getTime() / 1000)}`;
}

/** Each schedule with `CRON_TZ=<tz> ` when a timezone is set, joined by `,` (the last-used-schedule annotation). */
export function scheduleWithTimezoneString(
  schedules: readonly string[],
  timezone: string | undefined,
): string {
  const prefix = timezone === undefined || timezone === "" ? "" : `CRON_TZ=${timezone} `;
  return schedules.map((s) => `${prefix}${s}`).join(",");
}

/** RFC 3339 in UTC with whole seconds, as Go's `time.RFC3339` prints a UTC time. */
function rfc3339(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

const COPIED_CRON_LABELS = [
  LABELS.creator,
  LABELS.creatorEmail,
  LABELS.creatorPreferredUsername,
  LABELS.controllerInstanceId,
] as const;

/** The Workflow a CronWorkflow submits for `scheduledTime`. */
export function cronWorkflowToWorkflow(cron: CronWorkflow, scheduledTime: Date): Workflow {
  const cronName = cron.metadata.name ?? "";
  const labels: Record<string, string> = { [LABELS.cronWorkflow]: cronName };
  for (const key of COPIED_CRON_LABELS) {
    const value = cron.metadata.labels?.[key];
    if (value !== undefined) labels[key] = value;
  }
  Object.assign(labels, cron.spec.workflowMetadata?.labels ?? {});
  const annotations: Record<string, string> = {
    [ANNOTATIONS.scheduledTime]: rfc3339(scheduledTime),
    ...(cron.spec.workflowMetadata?.annotations ?? {}),
  };
  const metadata: Workflow["metadata"] = {
    name: cronRunName(cronName, scheduledTime),
    labels,
    annotations,
    ownerReferences: [
      {
        apiVersion: cron.apiVersion,
        kind: "CronWorkflow",
        name: cronName,
        uid: cron.metadata.uid ?? "",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  if (cron.metadata.namespace !== undefined) metadata.namespace = cron.metadata.namespace;
  const finalizers = cron.spec.workflowMetadata?.finalizers;
  if (finalizers !== undefined && finalizers.length > 0) metadata.finalizers = [...finalizers];
  return {
    apiVersion: cron.apiVersion,
    kind: "Workflow",
    metadata,
    spec: structuredClone(cron.spec.workflowSpec),
  };
}
