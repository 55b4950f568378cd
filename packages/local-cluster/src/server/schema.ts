/**
 * The structural-schema subset of a CRD's openAPIV3Schema: validation (types, required, enum, bounds, patterns)
 * and pruning of unknown fields, with field paths and messages worded as kube-apiserver words them.
 */
import type { FieldError } from "./status.js";
import { isRecord } from "./types.js";

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  [keyword: string]: unknown;
}

function render(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

/** Validates `value` at `path` (e.g. "spec") against `schema`; returns every violation found. */
export function validateSchema(
  value: unknown,
  schema: JsonSchema,
  path: string,
  out: FieldError[] = [],
): FieldError[] {
  if (value === null) {
    if (schema.nullable === true || schema.type === undefined) return out;
    out.push({
      type: "FieldValueTypeInvalid",
      field: path,
      message: `Invalid value: "null": ${path} in body must be of type ${schema.type}: "null"`,
    });
    return out;
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value))) {
      out.push({
        type: "FieldValueTypeInvalid",
        field: path,
        message: `Invalid value: "${typeName(value)}": ${path} in body must be of type integer,string: "${typeName(value)}"`,
      });
    }
    return out;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    out.push({
      type: "FieldValueTypeInvalid",
      field: path,
      message: `Invalid value: "${typeName(value)}": ${path} in body must be of type ${schema.type}: "${typeName(value)}"`,
    });
    return out;
  }
  if (schema.enum !== undefined && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push({
      type: "FieldValueNotSupported",
      field: path,
      message: `Unsupported value: ${render(value)}: supported values: ${schema.enum.map(render).join(", ")}`,
    });
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) {
      out.push({
        type: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${schema.minimum}`,
      });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      out.push({
        type: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${value}: ${path} in body should be less than or equal to ${schema.maximum}`,
      });
    }
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      out.push({
        type: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${render(value)}: ${path} in body should be at least ${schema.minLength} chars long`,
      });
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      out.push({
        type: "FieldValueTooLong",
        field: path,
        message: `Too long: may not be more than ${schema.maxLength} bytes`,
      });
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      out.push({
        type: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${render(value)}: ${path} in body should match '${schema.pattern}'`,
      });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      out.push({
        type: "FieldValueInvalid",
        field: path,
        message: `Invalid value: ${value.length}: ${path} in body should have at least ${schema.minItems} items`,
      });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      out.push({
        type: "FieldValueTooMany",
        field: path,
        message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
      });
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) => {
        if (schema.items !== undefined) validateSchema(item, schema.items, `${path}[${i}]`, out);
      });
    }
  }
  if (isRecord(value)) {
    for (const req of schema.required ?? []) {
      if (!Object.hasOwn(value, req)) {
        out.push({
          type: "FieldValueRequired",
          field: path === "" ? req : `${path}.${req}`,
          message: "Required value",
        });
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const sub = schema.properties?.[key];
      const childPath = path === "" ? key : `${path}.${key}`;
      if (sub !== undefined) {
        validateSchema(child, sub, childPath, out);
      } else if (isRecord(schema.additionalProperties)) {
        validateSchema(child, schema.additionalProperties, childPath, out);
      }
    }
  }
  return out;
}

/**
 * Removes fields the schema does not declare (unless x-kubernetes-preserve-unknown-fields), in place.
 * Returns the pruned field paths, for the unknown-field warning or the Strict field validation error.
 */
export function pruneUnknown(
  value: unknown,
  schema: JsonSchema,
  path: string,
  pruned: string[] = [],
): string[] {
  if (Array.isArray(value)) {
    if (schema.items !== undefined) {
      value.forEach((item, i) => {
        if (schema.items !== undefined) pruneUnknown(item, schema.items, `${path}[${i}]`, pruned);
      });
    }
    return pruned;
  }
  if (!isRecord(value)) return pruned;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  for (const key of Object.keys(value)) {
    const sub = schema.properties?.[key];
    const childPath = path === "" ? key : `${path}.${key}`;
    if (sub !== undefined) {
      pruneUnknown(value[key], sub, childPath, pruned);
    } else if (isRecord(schema.additionalProperties)) {
      pruneUnknown(value[key], schema.additionalProperties, childPath, pruned);
    } else if (schema.additionalProperties === true || preserve) {
      // kept as is
    } else {
      pruned.push(childPath);
      delete value[key];
    }
  }
  return pruned;
}
