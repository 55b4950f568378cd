import type { Schedule } from "./schedule.js";
import type { CronWorkflowStatus } from "./types.js";

/** Labels and annotations the scheduler owns on a CronWorkflow (value `null` = absent). */
export interface ManagedMetadata {
  completedLabel: string | null;
  lastUsedSchedule: string | null;
  pendingTicks: string | null;
}

/**
 * What the scheduler knows about one CronWorkflow while it is the leader. The status and managed metadata are
 * authoritative here (the scheduler is their only writer); `persisted*` is what the API server last accepted, so a
 * failed write is retried on the next reconcile.
 */
export interface CronState {
  uid: string;
  /** The schedule string (Argo's `GetScheduleWithTimezoneString`) the cursors were computed for. */
  scheduleKey: string;
  schedules: Schedule[];
  /** Per schedule: the last slot already handled (epoch ms). */
  cursors: number[];
  status: CronWorkflowStatus;
  metadata: ManagedMetadata;
  persistedStatus: string;
  persistedMetadata: ManagedMetadata;
  /** Ticks lost to exhausted transient retries, still within `startingDeadlineSeconds` (epoch ms). */
  pending: Set<number>;
  /** Workflows created by this scheduler that the informer has not shown yet (name → epoch ms created). */
  awaiting: Map<string, number>;
  /** Children being deleted for the history limit. */
  deleting: Set<string>;
  /** Scheduled times whose permanent failure was logged (logged once). */
  reported: Set<number>;
  /** The SpecError message last counted in `error_count`. */
  specError: string | undefined;
  /** The spec text {@link validation} was computed for. */
  validatedSpec: string | undefined;
  /** Cached `validateCronWorkflow` result. */
  validation: string | undefined;
}

export function canonicalStatus(status: CronWorkflowStatus): string {
  return JSON.stringify({
    active: status.active ?? [],
    lastScheduledTime: status.lastScheduledTime ?? null,
    succeeded: status.succeeded ?? 0,
    failed: status.failed ?? 0,
    phase: status.phase ?? "",
    conditions: status.conditions ?? [],
  });
}
