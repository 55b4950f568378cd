import { describe, expect, it } from "vitest";
import { evaluateWhen } from "./when.js";

describe("evaluateWhen (govaluate with bare words as strings)", () => {
  it.each([
    ["Failed == Failed", true],
    ["Succeeded == Failed", false],
    ["Succeeded != Failed", true],
    ["'Failed' == Failed", true],
    ['"a b" == "a b"', true],
    ["3 > 2", true],
    ["3 >= 4", false],
    ["2 < 10", true],
    ["1 + 2 == 3", true],
    ["10 % 4 == 2", true],
    ["-1 < 0", true],
    ["true && !false", true],
    ["Failed == Failed && 1 > 2", false],
    ["Failed == Failed || 1 > 2", true],
    ["(1 > 2 || 2 > 1) && ok == ok", true],
    ["my-wf-123 == my-wf-123", true],
    ["abc =~ '^a'", true],
    ["abc !~ '^a'", false],
    ["true", true],
    ["", true],
  ])("%s -> %s", (expression, expected) => {
    expect(evaluateWhen(expression)).toEqual({ ok: true, value: expected });
  });

  it("numbers and strings are never equal", () => {
    expect(evaluateWhen("1 == '1'")).toEqual({ ok: true, value: false });
  });

  it.each([
    ["1 + 2", "Expected boolean evaluation for '1 + 2'. Got 3"],
    ["Failed", "Expected boolean evaluation for 'Failed'. Got Failed"],
    ["1 < a", "cannot compare 1 < 'a'"],
    ["(1 == 1", "missing ')'"],
    ["1 == 1)", "unexpected token after the end of the expression"],
    ["'open", "unclosed string starting at position 0"],
    ["1 == 1 && 2", "&& needs booleans, got 2"],
    ["a =~ '('", "invalid regular expression '('"],
    ["1 == #", "unexpected character '#' at position 5"],
    ["==", "unexpected operator '=='"],
  ])("%s is an error", (expression, error) => {
    expect(evaluateWhen(expression)).toEqual({ ok: false, error });
  });
});
