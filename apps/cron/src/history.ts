import { isWorkflowPhaseCompleted, LABELS } from "@weft/contracts";
import type { Workflow } from "./types.js";

export const DEFAULT_SUCCESSFUL_HISTORY_LIMIT = 3;
export const DEFAULT_FAILED_HISTORY_LIMIT = 1;

export function isFulfilled(wf: Workflow): boolean {
  return isWorkflowPhaseCompleted(wf.status?.phase);
}

/** A missing or negative limit means the default (Argo). */
export function effectiveLimit(limit: number | undefined, fallback: number): number {
  return limit === undefined || limit < 0 ? fallback : limit;
}

export interface HistorySelection {
  readonly successful: Workflow[];
  readonly failed: Workflow[];
}

function finishedMs(wf: Workflow): number {
  const at = wf.status?.finishedAt;
  const ms = at ? Date.parse(at) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

function excess(list: Workflow[], keep: number): Workflow[] {
  // Newest first by finishedAt; ties by name (stable, deterministic).
  const sorted = [...list].sort(
    (a, b) => finishedMs(b) - finishedMs(a) || (b.metadata.name ?? "").localeCompare(a.metadata.name ?? ""),
  );
  return sorted.slice(keep);
}

/**
 * Argo's `enforceHistoryLimit`: among the fulfilled children labelled with this cron's name, the Workflows to
 * delete so that at most `successful` succeeded and `failed` failed/errored ones remain (newest kept).
 */
export function selectHistoryDeletions(
  cronName: string,
  children: readonly Workflow[],
  limits: { successful?: number | undefined; failed?: number | undefined },
): HistorySelection {
  const succeeded: Workflow[] = [];
  const other: Workflow[] = [];
  for (const wf of children) {
    if (!isFulfilled(wf) || wf.metadata.labels?.[LABELS.cronWorkflow] !== cronName) continue;
    if (wf.status?.phase === "Succeeded") succeeded.push(wf);
    else other.push(wf);
  }
  return {
    successful: excess(succeeded, effectiveLimit(limits.successful, DEFAULT_SUCCESSFUL_HISTORY_LIMIT)),
    failed: excess(other, effectiveLimit(limits.failed, DEFAULT_FAILED_HISTORY_LIMIT)),
  };
}
