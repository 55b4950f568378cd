import { describe, expect, it } from "vitest";
import { parseCronSchedule } from "./cron-schedule.js";

function next(spec: string, after: string, tz = "UTC"): string | undefined {
  const r = parseCronSchedule(spec, tz);
  if (!r.ok) throw new Error(r.error);
  return r.schedule.nextAfter(new Date(after))?.toISOString();
}

describe("parseCronSchedule", () => {
  it("accepts 5-field specs and computes the next run in the timezone", () => {
    expect(next("* * * * *", "2024-01-01T00:00:30Z")).toBe("2024-01-01T00:01:00.000Z");
    expect(next("0 9 * * MON-FRI", "2024-01-06T00:00:00Z")).toBe("2024-01-08T09:00:00.000Z");
    expect(next("0 0 * * *", "2024-01-01T00:00:00Z", "America/Los_Angeles")).toBe("2024-01-01T08:00:00.000Z");
  });

  it("accepts every descriptor robfig/cron knows", () => {
    for (const d of ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]) {
      expect(parseCronSchedule(d, "UTC").ok).toBe(true);
    }
    expect(next("@hourly", "2024-01-01T00:10:00Z")).toBe("2024-01-01T01:00:00.000Z");
  });

  it("translates @every into a constant delay", () => {
    const r = parseCronSchedule("@every 1h30m");
    expect(r.ok && r.schedule.kind === "every" && r.schedule.everySeconds).toBe(5400);
    expect(next("@every 1h30m", "2024-01-01T00:00:00.400Z")).toBe("2024-01-01T01:30:00.000Z");
    expect(next("@every 10ms", "2024-01-01T00:00:00Z")).toBe("2024-01-01T00:00:01.000Z");
    const bad = parseCronSchedule("@every 1x");
    expect(bad.ok ? "" : bad.error).toBe(
      'failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"',
    );
  });

  it("honours a CRON_TZ prefix over the given timezone", () => {
    expect(next("CRON_TZ=Asia/Tokyo 0 0 * * *", "2024-01-01T00:00:00Z", "UTC")).toBe(
      "2024-01-01T15:00:00.000Z",
    );
  });

  it("rejects malformed specs with a reason", () => {
    const six = parseCronSchedule("0 0 * * * *");
    expect(six.ok ? "" : six.error).toBe("expected exactly 5 fields, found 6: [0 0 * * * *]");
    const range = parseCronSchedule("10 * * 12737123 *");
    expect(range.ok).toBe(false);
    expect(range.ok ? "" : range.error).toMatch(/month/);
    expect(parseCronSchedule("a b c d e").ok).toBe(false);
    expect(parseCronSchedule("").ok).toBe(false);
  });

  it("reads N/step as robfig/cron does: from N to the field's maximum", () => {
    expect(next("5/15 * * * *", "2024-01-01T00:00:00Z", "UTC")).toBe("2024-01-01T00:05:00.000Z");
    expect(next("5/15 * * * *", "2024-01-01T00:50:00Z", "UTC")).toBe("2024-01-01T01:05:00.000Z");
    expect(next("0 22/3 * * *", "2024-01-01T00:00:00Z", "UTC")).toBe("2024-01-01T22:00:00.000Z");
    expect(next("0 0 * * 5/7", "2024-01-01T00:00:00Z", "UTC")).toBe("2024-01-05T00:00:00.000Z");
    expect(next("1,30/15 * * * *", "2024-01-01T00:02:00Z", "UTC")).toBe("2024-01-01T00:30:00.000Z");
  });
});
