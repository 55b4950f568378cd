import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.js";

describe("mergePatch (RFC 7386)", () => {
  it("follows the RFC's examples", () => {
    expect(mergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(mergePatch({ a: "b" }, { b: "c" })).toEqual({ a: "b", b: "c" });
    expect(mergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(mergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({ a: { b: "d" } });
    expect(mergePatch(["a"], { a: "b" })).toEqual({ a: "b" });
  });

  it("patching with the target itself is the identity (property)", () => {
    const json = fc.dictionary(
      fc.string({ maxLength: 4 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean()),
    );
    fc.assert(
      fc.property(json, (doc) => {
        expect(mergePatch(doc, doc)).toEqual(doc);
      }),
    );
  });
});

describe("jsonPatch (RFC 6902)", () => {
  const doc = { a: { b: [1, 2, 3] }, c: "x" };
  it("applies add, remove, replace, move, copy and test", () => {
    expect(
      jsonPatch(doc, [
        { op: "add", path: "/a/b/1", value: 9 },
        { op: "add", path: "/a/b/-", value: 4 },
        { op: "remove", path: "/a/b/0" },
        { op: "replace", path: "/c", value: "y" },
        { op: "copy", from: "/c", path: "/d" },
        { op: "move", from: "/d", path: "/e~1f" },
        { op: "test", path: "/c", value: "y" },
      ]),
    ).toEqual({ a: { b: [9, 2, 3, 4] }, c: "y", "e/f": "y" });
    expect(doc).toEqual({ a: { b: [1, 2, 3] }, c: "x" });
  });

  it("fails a test op or a missing path with 422, a non-array patch with 400", () => {
    expect(() => jsonPatch(doc, [{ op: "test", path: "/c", value: "nope" }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
    expect(() => jsonPatch(doc, [{ op: "replace", path: "/zz/y", value: 1 }])).toThrow(
      expect.objectContaining({ code: 422 }),
    );
    expect(() => jsonPatch(doc, { op: "add" })).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe("strategicMergePatch", () => {
  it("merges keyed lists by their merge key and keeps unmentioned items", () => {
    const pod = {
      spec: {
        containers: [
          { name: "a", image: "1", env: [{ name: "X", value: "1" }] },
          { name: "b", image: "1" },
        ],
      },
    };
    const out = strategicMergePatch(pod, {
      spec: {
        containers: [
          { name: "a", env: [{ name: "Y", value: "2" }] },
          { name: "c", image: "3" },
        ],
      },
    });
    expect(out).toEqual({
      spec: {
        containers: [
          {
            name: "a",
            image: "1",
            env: [
              { name: "X", value: "1" },
              { name: "Y", value: "2" },
            ],
          },
          { name: "b", image: "1" },
          { name: "c", image: "3" },
        ],
      },
    });
  });

  it("honours $patch delete / replace, $deleteFromPrimitiveList and merges finalizers as a set", () => {
    const obj = {
      metadata: { finalizers: ["a", "b"] },
      spec: { volumes: [{ name: "v1" }, { name: "v2" }], selector: { x: "1", y: "2" } },
    };
    expect(
      strategicMergePatch(obj, {
        metadata: { finalizers: ["b", "c"], "$deleteFromPrimitiveList/finalizers": ["a"] },
        spec: { volumes: [{ name: "v1", $patch: "delete" }], selector: { $patch: "replace", z: "3" } },
      }),
    ).toEqual({
      metadata: { finalizers: ["b", "c"] },
      spec: { volumes: [{ name: "v2" }], selector: { z: "3" } },
    });
  });

  it("replaces lists without a merge key", () => {
    expect(strategicMergePatch({ spec: { args: ["a", "b"] } }, { spec: { args: ["c"] } })).toEqual({
      spec: { args: ["c"] },
    });
  });
});
