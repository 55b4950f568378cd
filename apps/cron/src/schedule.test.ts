import { scheduleWithTimezoneString as scheduleString } from "@weft/contracts";
import { describe, expect, it } from "vitest";
import { parseGoDurationMs, parseSchedule, type Schedule } from "./schedule.js";

function sched(text: string, zone = "UTC"): Schedule {
  const r = parseSchedule(text, zone);
  if (!r.ok) throw new Error(r.error);
  return r.schedule;
}

/** robfig "fires exactly at": the next slot after (t - 1 s) is t. */
function firesAt(text: string, iso: string, zone = "UTC"): boolean {
  const t = Date.parse(iso);
  return sched(text, zone).next(t - 1000) === t;
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("parseSchedule", () => {
  it("matches robfig ParseStandard activation vectors", () => {
    expect(firesAt("0/15 * * * *", "2012-07-09T15:00:00Z")).toBe(true);
    expect(firesAt("0/15 * * * *", "2012-07-09T15:45:00Z")).toBe(true);
    expect(firesAt("0/15 * * * *", "2012-07-09T15:40:00Z")).toBe(false);
    expect(firesAt("5/15 * * * *", "2012-07-09T15:05:00Z")).toBe(true);
    expect(firesAt("5/15 * * * *", "2012-07-09T15:20:00Z")).toBe(true);
    expect(firesAt("5/15 * * * *", "2012-07-09T15:50:00Z")).toBe(true);
    expect(firesAt("30 08 ? Jul Sun", "2012-07-15T08:30:00Z")).toBe(true);
    expect(firesAt("30 08 ? Jul Sun", "2012-07-16T08:30:00Z")).toBe(false);
    expect(firesAt("* * 1,15 * Sun", "2012-07-15T00:00:00Z")).toBe(true);
    expect(firesAt("* * 1,15 * Sun", "2012-06-15T00:00:00Z")).toBe(true);
    expect(firesAt("* * 1,15 * Sun", "2012-08-01T00:00:00Z")).toBe(true);
    expect(firesAt("* * * * Mon", "2012-07-15T00:00:00Z")).toBe(false);
    expect(firesAt("* * 1,15 * *", "2012-07-09T00:00:00Z")).toBe(false);
    expect(firesAt("@weekly", "2012-07-08T00:00:00Z")).toBe(true);
    expect(firesAt("@weekly", "2012-07-08T01:00:00Z")).toBe(false);
    expect(firesAt("@monthly", "2012-07-01T00:00:00Z")).toBe(true);
  });

  it("expands every descriptor", () => {
    const after = Date.parse("2016-05-19T10:30:00Z");
    expect(iso(sched("@hourly").next(after))).toBe("2016-05-19T11:00:00.000Z");
    expect(iso(sched("@daily").next(after))).toBe("2016-05-20T00:00:00.000Z");
    expect(iso(sched("@midnight").next(after))).toBe("2016-05-20T00:00:00.000Z");
    expect(iso(sched("@yearly").next(after))).toBe("2017-01-01T00:00:00.000Z");
    expect(iso(sched("@annually").next(after))).toBe("2017-01-01T00:00:00.000Z");
  });

  it("is strictly after, on whole seconds", () => {
    const s = sched("* * * * *");
    expect(iso(s.next(Date.parse("2016-05-19T10:00:00Z")))).toBe("2016-05-19T10:01:00.000Z");
    expect(iso(s.next(Date.parse("2016-05-19T10:00:59.900Z")))).toBe("2016-05-19T10:01:00.000Z");
  });

  it("@every is a constant delay from the whole second (robfig constantdelay)", () => {
    expect(iso(sched("@every 15ms").next(Date.parse("2012-07-09T14:45:00Z")))).toBe(
      "2012-07-09T14:45:01.000Z",
    );
    expect(iso(sched("@every 15m").next(Date.parse("2012-07-09T14:45:00.005Z")))).toBe(
      "2012-07-09T15:00:00.000Z",
    );
    expect(sched("@every 1h30m").everySeconds).toBe(5400);
  });

  it("returns undefined for an unsatisfiable schedule", () => {
    expect(sched("59 23 31 2 *").next(Date.parse("2016-05-19T10:00:00Z"))).toBeUndefined();
  });

  it("honours a CRON_TZ / TZ prefix over spec.timezone", () => {
    const s = sched("CRON_TZ=Asia/Tokyo 0 9 * * *", "UTC");
    expect(s.timezone).toBe("Asia/Tokyo");
    expect(iso(s.next(Date.parse("2016-05-19T10:00:00Z")))).toBe("2016-05-20T00:00:00.000Z");
    expect(sched("TZ=America/New_York 0 9 * * *").timezone).toBe("America/New_York");
  });

  it("rejects malformed specs with robfig-style messages", () => {
    expect(parseSchedule("", "UTC")).toEqual({ ok: false, error: "empty spec string" });
    expect(parseSchedule("* * * *", "UTC")).toEqual({
      ok: false,
      error: "expected exactly 5 fields, found 4: [* * * *]",
    });
    expect(parseSchedule("@fortnightly", "UTC")).toEqual({
      ok: false,
      error: "unrecognized descriptor: @fortnightly",
    });
    expect(parseSchedule("@every banana", "UTC").ok).toBe(false);
    expect(parseSchedule("L * * * *", "UTC").ok).toBe(false);
    expect(parseSchedule("10 * * 12737123 *", "UTC").ok).toBe(false);
    expect(parseSchedule("0 0 * * *", "Mars/Olympus").ok).toBe(false);
  });
});

describe("timezones across DST (America/New_York)", () => {
  const ny = (text: string) => sched(text, "America/New_York");
  it("hourly runs at 01:00 EDT and again at 01:00 EST on fall-back day", () => {
    const s = ny("0 * * * *");
    const a = s.next(Date.parse("2012-11-04T04:30:00Z"));
    const b = s.next(a ?? 0);
    const c = s.next(b ?? 0);
    expect([iso(a), iso(b), iso(c)]).toEqual([
      "2012-11-04T05:00:00.000Z", // 01:00 EDT
      "2012-11-04T06:00:00.000Z", // 01:00 EST
      "2012-11-04T07:00:00.000Z", // 02:00 EST
    ]);
  });
  it("a daily 01:00 job runs once on fall-back day (croner; robfig would run it twice)", () => {
    const s = ny("0 1 * * *");
    const a = s.next(Date.parse("2012-11-03T12:00:00Z"));
    expect(iso(a)).toBe("2012-11-04T05:00:00.000Z");
    expect(iso(s.next(a ?? 0))).toBe("2012-11-05T06:00:00.000Z");
  });
  it("a wall time skipped by spring-forward runs right after the gap, then at its time again", () => {
    const s = ny("30 2 * * *");
    const a = s.next(Date.parse("2012-03-10T12:00:00Z"));
    expect(iso(a)).toBe("2012-03-11T07:00:00.000Z"); // 03:00 EDT
    expect(iso(s.next(a ?? 0))).toBe("2012-03-12T06:30:00.000Z"); // 02:30 EDT
  });
  it("daily at 09:00 keeps local time across the change (UTC offset moves)", () => {
    const s = ny("0 9 * * *");
    const before = s.next(Date.parse("2012-03-10T00:00:00Z"));
    const after = s.next(before ?? 0);
    expect(iso(before)).toBe("2012-03-10T14:00:00.000Z");
    expect(iso(after)).toBe("2012-03-11T13:00:00.000Z");
  });
});

describe("helpers", () => {
  it("parses Go durations", () => {
    expect(parseGoDurationMs("1h30m")).toBe(5_400_000);
    expect(parseGoDurationMs("1.5s")).toBe(1500);
    expect(parseGoDurationMs("10")).toBeUndefined();
  });
  it("scheduleString prefixes each schedule with CRON_TZ and joins with commas (Argo)", () => {
    expect(scheduleString(["* * * * *", "0 1 * * *"], "Europe/Paris")).toBe(
      "CRON_TZ=Europe/Paris * * * * *,CRON_TZ=Europe/Paris 0 1 * * *",
    );
    expect(scheduleString(["* * * * *"], undefined)).toBe("* * * * *");
  });
});
