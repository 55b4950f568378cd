import type { Schedule } from "./schedule.js";

/**
 * Kubernetes CronJob v2 schedule arithmetic (`pkg/controller/cronjob/utils.go`), ported on epoch milliseconds.
 * Weft's scheduler uses it to bound catch-up windows and to compute requeue delays; the upstream tables are its tests.
 */

/** CronJob's `nextScheduleDelta`: a requeue lands this long after the slot. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type MissedClass = "none" | "few" | "many";

export interface MostRecentInput {
  readonly schedule: Schedule;
  /** Epoch ms of `metadata.creationTimestamp`. */
  readonly createdMs: number;
  /** Epoch ms of `status.lastScheduledTime`, if any. */
  readonly lastScheduledMs?: number | undefined;
  readonly startingDeadlineSeconds?: number | undefined;
  readonly nowMs: number;
  /** Clamp the window's start to `now - startingDeadlineSeconds`. */
  readonly includeStartingDeadline: boolean;
}

export type MostRecentResult =
  | { ok: true; earliestMs: number; mostRecentMs: number | undefined; missed: MissedClass }
  | { ok: false; earliestMs: number; error: string };

/** `mostRecentScheduleTime`: the latest slot at or before now since the window start, and how many were missed. */
export function mostRecentScheduleTime(input: MostRecentInput): MostRecentResult {
  const { schedule, nowMs } = input;
  let earliest = input.lastScheduledMs ?? input.createdMs;
  if (input.includeStartingDeadline && input.startingDeadlineSeconds !== undefined) {
    const deadline = nowMs - input.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && nowMs < t1)
    return { ok: true, earliestMs: earliest, mostRecentMs: undefined, missed: "none" };
  if (t1 !== undefined && t2 !== undefined && nowMs < t2) {
    return { ok: true, earliestMs: earliest, mostRecentMs: t1, missed: "none" };
  }
  const betweenS = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (t1 === undefined || betweenS < 1) {
    return {
      ok: false,
      earliestMs: earliest,
      error: "time difference between two schedules is less than 1 second",
    };
  }
  const elapsedS = Math.trunc((nowMs - t1) / 1000);
  const n = Math.trunc(elapsedS / betweenS) + 1;
  const potentialEarliest = t1 + (n - 2) * betweenS * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t))
    mostRecent = t;
  return { ok: true, earliestMs: earliest, mostRecentMs: mostRecent, missed: n > 100 ? "many" : "few" };
}

/** `nextScheduleTimeDuration`: how long to wait before looking at the cron again (slot + 100 ms − now). */
export function nextScheduleTimeDuration(
  input: Omit<MostRecentInput, "includeStartingDeadline">,
): number | undefined {
  const r = mostRecentScheduleTime({ ...input, includeStartingDeadline: false });
  let base: number;
  if (!r.ok) base = input.nowMs;
  else if (r.mostRecentMs !== undefined) base = r.mostRecentMs;
  else if (r.missed === "none") base = r.earliestMs;
  else base = input.nowMs;
  const next = input.schedule.next(base);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - input.nowMs;
}
