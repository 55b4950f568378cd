import { describe, expect, it } from "vitest";
import { parseGoFloat } from "./go-float.js";

describe("parseGoFloat", () => {
  it.each([
    ["1", 1],
    ["-2.5", -2.5],
    ["1e3", 1000],
    [".5", 0.5],
    ["5.", 5],
    ["+Inf", Number.POSITIVE_INFINITY],
    ["-inf", Number.NEGATIVE_INFINITY],
    ["Infinity", Number.POSITIVE_INFINITY],
  ])("parses %s", (text, value) => {
    expect(parseGoFloat(text)).toEqual({ ok: true, value });
  });

  it("parses NaN", () => {
    const parsed = parseGoFloat("NaN");
    expect(parsed.ok && Number.isNaN(parsed.value)).toBe(true);
  });

  it.each(["", " 1", "1 ", "0x10", "1_000", "abc", "1e", "--1"])("rejects %j with Go's wording", (text) => {
    expect(parseGoFloat(text)).toEqual({
      ok: false,
      error: `strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`,
    });
  });

  it("reports out-of-range values", () => {
    expect(parseGoFloat("1e400")).toEqual({
      ok: false,
      error: 'strconv.ParseFloat: parsing "1e400": value out of range',
    });
  });
});
