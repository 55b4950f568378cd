import { describe, expect, it } from "vitest";
import { parseArgoDuration, parseGoDuration } from "./duration.js";

describe("durations", () => {
  it("parses Go durations", () => {
    expect(parseGoDuration("1h30m")).toEqual({ ok: true, ms: 5_400_000 });
    expect(parseGoDuration("1.5s")).toEqual({ ok: true, ms: 1500 });
    expect(parseGoDuration("-2m")).toEqual({ ok: true, ms: -120_000 });
    expect(parseGoDuration("0")).toEqual({ ok: true, ms: 0 });
    expect(parseGoDuration("300us")).toEqual({ ok: true, ms: 0.3 });
  });

  it("rejects what Go rejects, with Go's message", () => {
    expect(parseGoDuration("")).toEqual({ ok: false, error: 'time: invalid duration ""' });
    expect(parseGoDuration("10")).toEqual({ ok: false, error: 'time: missing unit in duration "10"' });
    expect(parseGoDuration("5d")).toEqual({ ok: false, error: 'time: unknown unit "d" in duration "5d"' });
    expect(parseGoDuration("h")).toEqual({ ok: false, error: 'time: invalid duration "h"' });
  });

  it("reads bare numbers as seconds in Argo duration fields", () => {
    expect(parseArgoDuration("20")).toEqual({ ok: true, ms: 20_000 });
    expect(parseArgoDuration(3)).toEqual({ ok: true, ms: 3000 });
    expect(parseArgoDuration("2m")).toEqual({ ok: true, ms: 120_000 });
  });
});
