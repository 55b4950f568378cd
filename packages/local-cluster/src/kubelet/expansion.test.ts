import { describe, expect, it } from "vitest";
import { expandVars } from "./expansion.js";

const vars: Record<string, string> = { A: "alpha", B: "beta" };
const lookup = (n: string) => vars[n];

describe("expandVars", () => {
  it("replaces defined references and keeps undefined ones", () => {
    expect(expandVars("$(A)-$(B)-$(C)", lookup)).toBe("alpha-beta-$(C)");
  });
  it("treats $$ as an escaped dollar", () => {
    expect(expandVars("$$(A) costs $$5", lookup)).toBe("$(A) costs $5");
  });
  it("keeps lone dollars, an unterminated reference and a trailing dollar", () => {
    expect(expandVars("$HOME $(A $", lookup)).toBe("$HOME $(A $");
  });
});
