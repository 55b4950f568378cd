import { describe, expect, it } from "vitest";
import { joinInside, safeRelative } from "./safe-path.js";

describe("safeRelative / joinInside", () => {
  it("normalises harmless paths", () => {
    expect(safeRelative("a/./b//c")).toBe("a/b/c");
    expect(safeRelative("a\\b")).toBe("a/b");
    expect(joinInside("/root", "x/y")).toBe("/root/x/y");
  });

  it("refuses climbing, absolute, drive-letter, NUL and empty paths", () => {
    for (const p of ["..", "a/../..", "../x", "/abs", "C:/x", "a\0b", "", ".", "./"]) {
      expect(safeRelative(p), JSON.stringify(p)).toBeUndefined();
      expect(joinInside("/root", p), JSON.stringify(p)).toBeUndefined();
    }
  });
});
