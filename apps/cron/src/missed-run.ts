import type { Schedule } from "./schedule.js";

export interface MissedRunInput {
  /** The schedules, parsed with the CronWorkflow's timezone, in spec order. */
  readonly schedules: readonly Schedule[];
  /** Epoch ms of `status.lastScheduledTime`; undefined = never ran. */
  readonly lastScheduledMs: number | undefined;
  readonly startingDeadlineSeconds: number | undefined;
  /** True when the last-used-schedule annotation is missing or differs from the current schedule string. */
  readonly scheduleChanged: boolean;
  readonly nowMs: number;
}

/**
 * Argo's `shouldOutstandingWorkflowsBeRun`: the missed slot to run now, or undefined. Never after a schedule edit,
 * never on the first run, never without `startingDeadlineSeconds`; per schedule, the last slot after
 * `lastScheduledTime` and before now; the first schedule whose slot is still within the deadline wins.
 */
export function missedRun(input: MissedRunInput): number | undefined {
  if (input.scheduleChanged || input.lastScheduledMs === undefined) return undefined;
  const deadline = input.startingDeadlineSeconds;
  if (deadline === undefined) return undefined;
  for (const schedule of input.schedules) {
    let missed: number | undefined;
    // Only slots after now − deadline can qualify, so start there (a long outage costs no more than one window).
    const from = Math.max(input.lastScheduledMs, input.nowMs - deadline * 1000);
    for (let t = schedule.next(from); t !== undefined && t < input.nowMs; t = schedule.next(t)) {
      missed = t;
    }
    if (missed !== undefined && input.nowMs < missed + deadline * 1000) return missed;
  }
  return undefined;
}
