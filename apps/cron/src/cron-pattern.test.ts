import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { cronPattern } from "./cron-pattern.js";

describe("cronPattern", () => {
  it("is shared by schedules written the same way in the same zone", () => {
    expect(cronPattern("*/5 * * * *", "UTC")).toBe(cronPattern("*/5 * * * *", "UTC"));
    expect(cronPattern("*/5 * * * *", "UTC")).not.toBe(cronPattern("*/5 * * * *", "Europe/Paris"));
  });
  it("answers in UTC zones exactly as croner's named-zone mode does", () => {
    const named = new Cron("7 3 * * 1-5", { paused: true, mode: "5-part", timezone: "UTC" });
    const fast = cronPattern("7 3 * * 1-5", "Etc/UTC");
    let from = Date.parse("2026-03-27T00:00:00Z");
    for (let i = 0; i < 50; i++) {
      const want = named.nextRun(new Date(from))?.getTime();
      expect(fast.nextAfter(from)).toBe(want);
      from = (want ?? from) + 17_000;
    }
  });
  it("finds a leap day in a named zone and gives the same answer when asked again (memo)", () => {
    const p = cronPattern("0 0 29 2 *", "America/New_York");
    const from = Date.parse("2026-01-01T00:00:00Z");
    const first = p.nextAfter(from);
    expect(first).toBe(Date.parse("2028-02-29T05:00:00Z"));
    expect(p.nextAfter(from)).toBe(first);
  });
});
