import { describe, expect, it } from "vitest";
import { parseGoDuration } from "./duration.js";

describe("parseGoDuration", () => {
  it("reads Go durations as milliseconds", () => {
    expect(parseGoDuration("5m")).toBe(300_000);
    expect(parseGoDuration("300s")).toBe(300_000);
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("1.5h")).toBe(5_400_000);
    expect(parseGoDuration("250ms")).toBe(250);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("1500us")).toBe(1.5);
    expect(parseGoDuration("-2s")).toBe(-2000);
  });

  it("names the setting when the text is not a duration", () => {
    expect(() => parseGoDuration("5", "OFFLOAD_NODE_STATUS_TTL")).toThrow(
      'OFFLOAD_NODE_STATUS_TTL: "5" is not a Go duration (e.g. 5m, 300s, 1h30m)',
    );
    expect(() => parseGoDuration("5 minutes")).toThrow(/not a Go duration/);
    expect(() => parseGoDuration("")).toThrow(/not a Go duration/);
    expect(() => parseGoDuration("1d")).toThrow(/not a Go duration/);
  });
});
