import { describe, expect, it } from "vitest";
import { parseQuantity } from "./quantity.js";

describe("parseQuantity", () => {
  it("parses decimal, binary and exponent suffixes", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(parseQuantity("2k")).toBe(2000);
    expect(parseQuantity("3e2")).toBe(300);
    expect(parseQuantity("128974848")).toBe(128974848);
  });
  it("names the field in the error for garbage", () => {
    expect(() => parseQuantity("12 apples", "limits.memory")).toThrow(
      /limits\.memory: "12 apples" is not a valid/,
    );
  });
});
