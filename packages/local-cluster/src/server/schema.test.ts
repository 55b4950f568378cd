import { describe, expect, it } from "vitest";
import { type JsonSchema, pruneUnknown, validateSchema } from "./schema.js";

const schema: JsonSchema = {
  type: "object",
  required: ["size"],
  properties: {
    size: { type: "integer", minimum: 1, maximum: 10 },
    name: { type: "string", pattern: "^[a-z]+$", maxLength: 5 },
    mode: { type: "string", enum: ["a", "b"] },
    port: { "x-kubernetes-int-or-string": true },
    tags: { type: "array", items: { type: "string" }, maxItems: 2 },
    free: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    labels: { type: "object", additionalProperties: { type: "string" } },
    opt: { type: "string", nullable: true },
  },
};

describe("validateSchema", () => {
  it("accepts a conforming value", () => {
    expect(
      validateSchema(
        {
          size: 3,
          name: "abc",
          mode: "a",
          port: "http",
          tags: ["x"],
          free: { any: 1 },
          labels: { k: "v" },
          opt: null,
        },
        schema,
        "spec",
      ),
    ).toEqual([]);
  });

  it("reports each violation with its field path and reason", () => {
    const errors = validateSchema(
      { size: "3", name: "ABCDEFG", mode: "c", port: 1.5, tags: ["x", 2, "z"], labels: { k: 1 } },
      schema,
      "spec",
    );
    expect(errors.map((e) => `${e.type} ${e.field}`)).toEqual([
      "FieldValueTypeInvalid spec.size",
      "FieldValueTooLong spec.name",
      "FieldValueInvalid spec.name",
      "FieldValueNotSupported spec.mode",
      "FieldValueTypeInvalid spec.port",
      "FieldValueTooMany spec.tags",
      "FieldValueTypeInvalid spec.tags[1]",
      "FieldValueTypeInvalid spec.labels.k",
    ]);
    expect(errors[0]?.message).toBe(
      'Invalid value: "string": spec.size in body must be of type integer: "string"',
    );
  });

  it("reports missing required fields and bounds", () => {
    expect(validateSchema({}, schema, "spec")).toEqual([
      { type: "FieldValueRequired", field: "spec.size", message: "Required value" },
    ]);
    expect(validateSchema({ size: 11 }, schema, "spec")[0]?.message).toContain(
      "should be less than or equal to 10",
    );
  });
});

describe("pruneUnknown", () => {
  it("drops undeclared fields, keeps preserved and additionalProperties ones, and reports what it dropped", () => {
    const value = {
      size: 1,
      bogus: 1,
      free: { deep: { x: 1 } },
      labels: { a: "b" },
      tags: ["t"],
      nested: { y: 2 },
    };
    expect(pruneUnknown(value, schema, "spec")).toEqual(["spec.bogus", "spec.nested"]);
    expect(value).toEqual({ size: 1, free: { deep: { x: 1 } }, labels: { a: "b" }, tags: ["t"] });
  });
});
