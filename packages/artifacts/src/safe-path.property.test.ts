import { relative, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { joinInside } from "./safe-path.js";

const segment = fc.constantFrom("a", "b", "..", ".", "", "c.txt", "..a", "a..", "/", "\\", "C:");

describe("joinInside (property)", () => {
  it("never returns a path outside the root, and keeps every path that does not climb", () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const rel = parts.join("/");
        const out = joinInside("/repo/root", rel);
        if (out !== undefined) {
          const back = relative("/repo/root", out);
          expect(back === "" || back === ".." || back.startsWith(`..${sep}`)).toBe(false);
        }
        const plain = parts.filter((p) => p !== "" && p !== "." && p !== "/" && p !== "\\");
        const climbs =
          plain.includes("..") || plain[0] === "C:" || rel.startsWith("/") || rel.startsWith("\\");
        if (!climbs && plain.length > 0 && !rel.includes("\\"))
          expect(out).toBe(`/repo/root/${plain.join("/")}`);
      }),
      { numRuns: 500 },
    );
  });
});
