import { TimeValue, type Value } from "./expr/values.js";
import type { CronWorkflow } from "./types.js";

/**
 * The `cronworkflow` variables of `when` and `stopStrategy.expression` (Argo `workflow/cron/operator.go`). Kept
 * quirk: `annotations` holds the labels, as in Argo.
 */
export function cronVariables(cron: CronWorkflow): { [key: string]: Value } {
  const labels = { ...(cron.metadata.labels ?? {}) };
  const last = cron.status?.lastScheduledTime;
  const lastMs = last ? Date.parse(last) : Number.NaN;
  return {
    name: cron.metadata.name ?? "",
    namespace: cron.metadata.namespace ?? "",
    labels,
    annotations: labels,
    "labels.json": JSON.stringify(labels),
    "annotations.json": JSON.stringify(labels),
    failed: cron.status?.failed ?? 0,
    succeeded: cron.status?.succeeded ?? 0,
    lastScheduledTime: Number.isNaN(lastMs) ? null : new TimeValue(lastMs),
  };
}
