import { describe, expect, it } from "vitest";
import { matchesLabels, parseFieldSelector, parseLabelSelector } from "./selectors.js";

describe("parseLabelSelector", () => {
  it("parses equality, set-based, existence and numeric requirements", () => {
    expect(parseLabelSelector("a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,h>4,i<5")).toEqual([
      { key: "a", op: "=", value: "1" },
      { key: "b", op: "=", value: "2" },
      { key: "c", op: "!=", value: "3" },
      { key: "d", op: "in", values: ["x", "y"] },
      { key: "e", op: "notin", values: ["z"] },
      { key: "f", op: "exists" },
      { key: "g", op: "!exists" },
      { key: "h", op: "gt", value: 4 },
      { key: "i", op: "lt", value: 5 },
    ]);
  });

  it("accepts the empty selector and prefixed keys", () => {
    expect(parseLabelSelector("")).toEqual([]);
    expect(parseLabelSelector("app.kubernetes.io/name=web")).toEqual([
      { key: "app.kubernetes.io/name", op: "=", value: "web" },
    ]);
  });

  it("rejects malformed selectors with a 400 Status", () => {
    for (const bad of ["a in (x", "a in x", "=x", "a=1 b=2", "a>x"]) {
      expect(() => parseLabelSelector(bad), bad).toThrow(
        expect.objectContaining({ code: 400, reason: "BadRequest" }),
      );
    }
  });
});

describe("matchesLabels", () => {
  const labels = { app: "web", tier: "front", n: "7" };
  it.each([
    ["app=web", true],
    ["app=db", false],
    ["app!=db", true],
    ["missing!=x", true],
    ["tier in (front,back)", true],
    ["tier notin (front)", false],
    ["missing notin (x)", true],
    ["app,!missing", true],
    ["!app", false],
    ["n>5", true],
    ["n<5", false],
  ])("%s -> %s", (sel, want) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(want);
  });
});

describe("parseFieldSelector", () => {
  it("parses =, == and != on supported fields", () => {
    expect(
      parseFieldSelector("metadata.name=a,status.phase!=Running", ["metadata.name", "status.phase"], false),
    ).toEqual([
      { field: "metadata.name", op: "=", value: "a" },
      { field: "status.phase", op: "!=", value: "Running" },
    ]);
  });

  it("rejects unsupported fields, naming them", () => {
    expect(() => parseFieldSelector("spec.foo=1", ["metadata.name"], false)).toThrow(
      "field label not supported: spec.foo",
    );
    expect(() => parseFieldSelector("spec.foo=1", ["metadata.name"], true)).toThrow(
      '"spec.foo" is not a known field selector',
    );
  });
});
