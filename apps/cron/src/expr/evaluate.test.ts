import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { ExpressionError } from "./lexer.js";
import { DurationValue, TimeValue } from "./values.js";

const nowMs = Date.parse("2024-01-01T00:10:00Z");
const env = {
  cronworkflow: {
    name: "c",
    succeeded: 2,
    failed: 0,
    labels: { team: "a" },
    lastScheduledTime: new TimeValue(Date.parse("2024-01-01T00:00:00Z")),
  },
  list: [1, 2, 3],
};
const ev = (s: string) => evaluate(s, { env, nowMs });

describe("evaluate", () => {
  it("does arithmetic, comparison and boolean logic with precedence", () => {
    expect(ev("1 + 2 * 3")).toBe(7);
    expect(ev("(1 + 2) * 3 == 9 && !false")).toBe(true);
    expect(ev("cronworkflow.succeeded >= 1 || cronworkflow.failed > 0")).toBe(true);
    expect(ev("cronworkflow.succeeded >= 3 and not (cronworkflow.failed == 0)")).toBe(false);
    expect(ev("-2 < -1")).toBe(true);
    expect(ev("7 % 4")).toBe(3);
    expect(ev("'a' + \"b\" == `ab`")).toBe(true);
    expect(ev("cronworkflow.succeeded > 1 ? 'many' : 'few'")).toBe("many");
  });
  it("reads members, indexes, labels and `in`", () => {
    expect(ev("cronworkflow.labels.team")).toBe("a");
    expect(ev("cronworkflow.labels['team'] == 'a'")).toBe(true);
    expect(ev("list[1]")).toBe(2);
    expect(ev("2 in list")).toBe(true);
    expect(ev("'team' in cronworkflow.labels")).toBe(true);
    expect(ev("cronworkflow.labels.missing == nil")).toBe(true);
    expect(ev("len(list)")).toBe(3);
  });
  it("handles time: now(), subtraction, durations (examples/cron-when.yaml)", () => {
    expect(ev("now() - cronworkflow.lastScheduledTime")).toEqual(new DurationValue(600_000));
    expect(ev("(now() - cronworkflow.lastScheduledTime).Seconds() > 360")).toBe(true);
    expect(ev("(now() - cronworkflow.lastScheduledTime).Minutes()")).toBe(10);
    expect(
      ev("cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 900"),
    ).toBe(false);
    expect(ev("now() - cronworkflow.lastScheduledTime > duration('5m')")).toBe(true);
    expect(ev("cronworkflow.lastScheduledTime.Unix()")).toBe(1704067200);
  });
  it("reports errors instead of guessing", () => {
    expect(() => ev("unknown > 1")).toThrow(ExpressionError);
    expect(() => ev("1 +")).toThrow(/unexpected end/);
    expect(() => ev("'a' < 1")).toThrow(/cannot compare/);
    expect(() => ev("1 && true")).toThrow(/want bool/);
    expect(() => ev("1 / 0")).toThrow(/divide by zero/);
    expect(() => ev("process.exit()")).toThrow(ExpressionError);
    expect(() => ev("cronworkflow.constructor")).not.toThrow();
    expect(ev("cronworkflow.constructor")).toBeNull();
    expect(() => ev("1 = 1")).toThrow(ExpressionError);
  });
});
