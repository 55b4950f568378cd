import { describe, expect, it } from "vitest";
import { missedRun } from "./missed-run.js";
import { parseSchedule, type Schedule } from "./schedule.js";

function sched(text: string, zone: string): Schedule {
  const r = parseSchedule(text, zone);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

// Argo workflow/cron/operator_test.go TestRunOutstandingWorkflows*: last run a minute ago, now at second ~30.
const now = Date.parse("2021-02-19T10:01:30Z");
const last = Date.parse("2021-02-19T10:00:00Z");

describe("missedRun (shouldOutstandingWorkflowsBeRun)", () => {
  const minutely = [sched("* * * * *", "UTC")];
  it("runs the missed slot within a 35 s deadline, not with 25 s (TestRunOutstandingWorkflows)", () => {
    const base = { schedules: minutely, lastScheduledMs: last, scheduleChanged: false, nowMs: now };
    expect(missedRun({ ...base, startingDeadlineSeconds: 35 })).toBe(Date.parse("2021-02-19T10:01:00Z"));
    expect(missedRun({ ...base, startingDeadlineSeconds: 25 })).toBeUndefined();
  });
  it("never without startingDeadlineSeconds (TestMissedScheduleAfterCronScheduleWithForbid)", () => {
    expect(
      missedRun({
        schedules: minutely,
        lastScheduledMs: last,
        scheduleChanged: false,
        nowMs: now,
        startingDeadlineSeconds: undefined,
      }),
    ).toBeUndefined();
  });
  it("never on the first run, never after a schedule change (TestLastUsedSchedule)", () => {
    const base = { schedules: minutely, startingDeadlineSeconds: 35, nowMs: now };
    expect(missedRun({ ...base, lastScheduledMs: undefined, scheduleChanged: false })).toBeUndefined();
    expect(missedRun({ ...base, lastScheduledMs: last, scheduleChanged: true })).toBeUndefined();
  });
  it("with several schedules the first eligible one wins (…WithMultipleSchedules)", () => {
    const schedules = [sched("0 * * * *", "UTC"), sched("* * * * *", "UTC")];
    expect(
      missedRun({
        schedules,
        lastScheduledMs: last,
        scheduleChanged: false,
        nowMs: now,
        startingDeadlineSeconds: 35,
      }),
    ).toBe(Date.parse("2021-02-19T10:01:00Z"));
  });
  for (const zone of ["Pacific/Niue", "Pacific/Auckland"]) {
    it(`works across timezones (${zone})`, () => {
      const schedules = [sched("* * * * *", zone)];
      const base = { schedules, lastScheduledMs: last, scheduleChanged: false, nowMs: now };
      expect(missedRun({ ...base, startingDeadlineSeconds: 35 })).toBe(Date.parse("2021-02-19T10:01:00Z"));
      expect(missedRun({ ...base, startingDeadlineSeconds: 25 })).toBeUndefined();
    });
  }
  it("costs one window after a long outage", () => {
    const t0 = performance.now();
    const r = missedRun({
      schedules: minutely,
      lastScheduledMs: last - 365 * 24 * 3600_000,
      scheduleChanged: false,
      nowMs: now,
      startingDeadlineSeconds: 120,
    });
    expect(r).toBe(Date.parse("2021-02-19T10:01:00Z"));
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
