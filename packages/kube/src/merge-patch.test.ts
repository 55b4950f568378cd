import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyMergePatch, createMergePatch } from "./merge-patch.js";

// JSON values without nulls inside objects (a merge patch cannot set a field to null).
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small" },
    fc.boolean(),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie("json"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "c", "phase", "nodes"), tie("json"), { maxKeys: 4 }),
  ),
})).json;
const object = fc.dictionary(fc.constantFrom("a", "b", "c", "status", "spec"), value, { maxKeys: 5 });

describe("createMergePatch", () => {
  it("is what RFC 7386 needs to turn before into after", () => {
    fc.assert(
      fc.property(object, object, (before, after) => {
        const patch = createMergePatch(before, after);
        expect(patch === undefined ? before : applyMergePatch(before, patch)).toEqual(after);
      }),
      { numRuns: 500 },
    );
  });

  it("names removed fields with null, leaves unchanged ones out, replaces arrays whole", () => {
    expect(
      createMergePatch(
        {
          phase: "Running",
          nodes: { a: { phase: "Running" }, b: { phase: "Pending" } },
          list: [1, 2],
          gone: 1,
        },
        { phase: "Running", nodes: { a: { phase: "Succeeded" }, b: { phase: "Pending" } }, list: [1] },
      ),
    ).toEqual({ nodes: { a: { phase: "Succeeded" } }, list: [1], gone: null });
    expect(createMergePatch({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});
