import { describe, expect, it } from "vitest";
import { mostRecentScheduleTime, nextScheduleTimeDuration } from "./most-recent.js";
import { parseSchedule, type Schedule } from "./schedule.js";

// Kubernetes pkg/controller/cronjob/utils_test.go: T = 2016-05-19T10:00:00Z (a Thursday).
const T = Date.parse("2016-05-19T10:00:00Z");
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

function sched(text: string): Schedule {
  const r = parseSchedule(text, "UTC");
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

describe("mostRecentScheduleTime (TestMostRecentScheduleTime)", () => {
  const cases: Array<{
    name: string;
    schedule: string;
    created: number;
    last?: number;
    sds?: number;
    includeSDS?: boolean;
    now: number;
    earliest?: number;
    mostRecent?: number;
    missed?: "none" | "few" | "many";
    error?: boolean;
  }> = [
    {
      name: "now before next schedule",
      schedule: "0 * * * *",
      created: T,
      now: T + 30 * S,
      earliest: T,
      missed: "none",
    },
    {
      name: "now just after next schedule",
      schedule: "0 * * * *",
      created: T,
      now: T + 61 * M,
      earliest: T,
      mostRecent: T + 60 * M,
      missed: "none",
    },
    {
      name: "missed 5 schedules",
      schedule: "0 * * * *",
      created: T + 10 * S,
      now: T + 301 * M,
      earliest: T + 10 * S,
      mostRecent: T + 300 * M,
      missed: "few",
    },
    {
      name: "complex schedule",
      schedule: "30 6-16/4 * * 1-5",
      created: T,
      last: T + 30 * M,
      now: T + 24 * H + 31 * M,
      earliest: T + 30 * M,
      mostRecent: T + 24 * H + 30 * M,
      missed: "few",
    },
    {
      name: "another complex schedule",
      schedule: "30 10,11,12 * * 1-5",
      created: T,
      last: T + 30 * M,
      now: T + 30 * H + 30 * M,
      earliest: T + 30 * M,
      missed: "few",
    },
    {
      name: "complex schedule with longer diff",
      schedule: "30 6-16/4 * * 1-5",
      created: T,
      last: T + 30 * M,
      now: T + 96 * H + 31 * M,
      earliest: T + 30 * M,
      mostRecent: T + 96 * H + 30 * M,
      missed: "few",
    },
    {
      name: "complex schedule with shorter diff",
      schedule: "30 6-16/4 * * 1-5",
      created: T,
      now: T + 24 * H + 31 * M,
      earliest: T,
      mostRecent: T + 24 * H + 30 * M,
      missed: "few",
    },
    {
      name: "@every schedule",
      schedule: "@every 1h",
      created: T - 59 * M,
      last: T + M,
      sds: 10,
      includeSDS: false,
      now: T + 7 * D,
      earliest: T + M,
      mostRecent: T + 6 * D + 23 * H + M,
      missed: "many",
    },
    { name: "rogue cronjob", schedule: "59 23 31 2 *", created: T + 10 * S, now: T + H, error: true },
    {
      name: "earliest = creation = LST",
      schedule: "0 * * * *",
      created: T,
      last: T,
      now: T + 30 * S,
      earliest: T,
      missed: "none",
    },
    {
      name: "earliest = LST",
      schedule: "*/5 * * * *",
      created: T,
      last: T + 30 * M,
      now: T + 31 * M,
      earliest: T + 30 * M,
      missed: "none",
    },
    {
      name: "LST within SDS",
      schedule: "*/5 * * * *",
      created: T,
      last: T + 30 * M,
      sds: 60,
      includeSDS: false,
      now: T + 31 * M,
      earliest: T + 30 * M,
      missed: "none",
    },
    {
      name: "LST outside SDS",
      schedule: "*/5 * * * *",
      created: T,
      last: T + 30 * M,
      sds: 60,
      includeSDS: true,
      now: T + 32 * M,
      earliest: T + 31 * M,
      missed: "none",
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = mostRecentScheduleTime({
        schedule: sched(c.schedule),
        createdMs: c.created,
        lastScheduledMs: c.last,
        startingDeadlineSeconds: c.sds,
        nowMs: c.now,
        includeStartingDeadline: c.includeSDS ?? false,
      });
      if (c.error === true) {
        expect(r.ok).toBe(false);
        return;
      }
      expect(r).toEqual({ ok: true, earliestMs: c.earliest, mostRecentMs: c.mostRecent, missed: c.missed });
    });
  }
});

describe("nextScheduleTimeDuration (TestNextScheduleTimeDuration)", () => {
  const cases = [
    {
      name: "complex schedule skipping weekend",
      schedule: "30 6-16/4 * * 1-5",
      last: T + 30 * M,
      now: T + 24 * H + 31 * M,
      expected: 3 * H + 59 * M,
    },
    {
      name: "another complex schedule (nil + few: base now)",
      schedule: "30 10,11,12 * * 1-5",
      last: T + 30 * M,
      now: T + 30 * H + 30 * M,
      expected: 66 * H,
    },
    {
      name: "weekly, missed two",
      schedule: "0 12 * * 4",
      last: T + 2 * H,
      now: T + 19 * D + H + 30 * M,
      expected: 48 * H + 30 * M,
    },
    { name: "no previous run", schedule: "0 12 * * 5", now: T + 6 * H, expected: 20 * H },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(
        nextScheduleTimeDuration({
          schedule: sched(c.schedule),
          createdMs: T,
          lastScheduledMs: c.last,
          nowMs: c.now,
        }),
      ).toBe(c.expected + 100);
    });
  }
});

describe("nextScheduleTime (TestNextScheduleTime, hourly '0 * * * ?')", () => {
  const hourly = sched("0 * * * ?");
  const T1 = T;
  const T2 = T + H;
  const run = (created: number, last: number | undefined, now: number, sds?: number) =>
    mostRecentScheduleTime({
      schedule: hourly,
      createdMs: created,
      lastScheduledMs: last,
      startingDeadlineSeconds: sds,
      nowMs: now,
      includeStartingDeadline: true,
    });
  it("1. not yet time", () =>
    expect(run(T1 - 10 * M, undefined, T1 - 7 * M)).toMatchObject({ mostRecentMs: undefined }));
  it("2. just after the first slot", () =>
    expect(run(T1 - 10 * M, undefined, T1 + 2 * S)).toMatchObject({ mostRecentMs: T1 }));
  it("3. ran at T1, now T1+2m", () =>
    expect(run(T1 - 10 * M, T1, T1 + 2 * M)).toMatchObject({ mostRecentMs: undefined }));
  it("4. ran at T1, now T2+5m", () =>
    expect(run(T1 - 10 * M, T1, T2 + 5 * M)).toMatchObject({ mostRecentMs: T2 }));
  it("5. ran at T1-1h, now T2+5m", () =>
    expect(run(T1 - 2 * H, T1 - H, T2 + 5 * M)).toMatchObject({ mostRecentMs: T2 }));
  it("6. ten days late without a deadline: many missed, still returned", () => {
    const r = run(T1 - 2 * H, T1 - H, T2 + 10 * D);
    expect(r).toMatchObject({ ok: true, missed: "many" });
    expect(r.ok && r.mostRecentMs).toBe(T2 + 10 * D - 5 * 0);
  });
  it("7. ten days late with a 7200 s deadline", () => {
    const r = run(T1 - 2 * H, T1 - H, T2 + 10 * D, 7200);
    expect(r.ok && r.mostRecentMs).toBe(T2 + 10 * D);
  });
  it("8. unsatisfiable schedule is an error", () => {
    const r = mostRecentScheduleTime({
      schedule: sched("59 23 31 2 *"),
      createdMs: T1 + 10 * S,
      nowMs: T + H,
      includeStartingDeadline: true,
    });
    expect(r.ok).toBe(false);
  });
});
