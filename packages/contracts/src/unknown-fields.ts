import type { z } from "zod";
import { PRESERVE } from "./schema/building-blocks.js";
import { unwrap } from "./schema/introspect.js";
import type { PathSegment } from "./validate/issues.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Calls `visit` for every field of `value` that `schema` does not declare (outside preserved subtrees). */
export function forEachUnknownField(
  schema: z.core.$ZodType,
  value: unknown,
  visit: (path: readonly PathSegment[]) => void,
  path: readonly PathSegment[] = [],
): void {
  const { node } = unwrap(schema);
  if (node.meta[PRESERVE] === true) return;
  if (node.kind === "object" && isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childSchema = node.shape[key];
      if (childSchema === undefined) visit([...path, key]);
      else forEachUnknownField(childSchema, child, visit, [...path, key]);
    }
  } else if (node.kind === "array" && Array.isArray(value)) {
    value.forEach((child, i) => {
      forEachUnknownField(node.element, child, visit, [...path, i]);
    });
  } else if (node.kind === "record" && isRecord(value)) {
    for (const [key, child] of Object.entries(value))
      forEachUnknownField(node.value, child, visit, [...path, key]);
  }
}

/**
 * A copy of `value` without the fields Kubernetes would prune when storing it under the generated CRD:
 * undeclared fields go, except inside subtrees marked `x-kubernetes-preserve-unknown-fields`.
 */
export function pruneUnknownFields(schema: z.core.$ZodType, value: unknown): unknown {
  const { node } = unwrap(schema);
  if (node.meta[PRESERVE] === true) return value;
  if (node.kind === "object" && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childSchema = node.shape[key];
      if (childSchema !== undefined) out[key] = pruneUnknownFields(childSchema, child);
    }
    return out;
  }
  if (node.kind === "array" && Array.isArray(value))
    return value.map((v) => pruneUnknownFields(node.element, v));
  if (node.kind === "record" && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = pruneUnknownFields(node.value, child);
    return out;
  }
  return value;
}
