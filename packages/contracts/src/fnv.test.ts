import { describe, expect, it } from "vitest";
import { fnv1_32, fnv1a32 } from "./fnv.js";

describe("fnv", () => {
  it("matches the published FNV-1 and FNV-1a 32-bit vectors", () => {
    // Reference values from the FNV test suite (isthe.com/chongo/src/fnv/test_fnv.c).
    expect(fnv1_32("")).toBe(0x811c9dc5);
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1_32("a")).toBe(0x050c5d7e);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1_32("foobar")).toBe(0x31f0b262);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("hashes strings as UTF-8 bytes", () => {
    expect(fnv1a32("é")).toBe(fnv1a32(new Uint8Array([0xc3, 0xa9])));
    expect(fnv1_32("日本")).toBe(fnv1_32(new TextEncoder().encode("日本")));
  });

  it("returns unsigned 32-bit integers", () => {
    for (const s of ["x", "workflow-1", "a much longer input string with spaces"]) {
      const a = fnv1a32(s);
      const b = fnv1_32(s);
      expect(Number.isInteger(a) && a >= 0 && a <= 0xffffffff).toBe(true);
      expect(Number.isInteger(b) && b >= 0 && b <= 0xffffffff).toBe(true);
    }
  });
});
