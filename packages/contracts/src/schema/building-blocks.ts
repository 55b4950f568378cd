import { z } from "zod";

/**
 * Schema building blocks shared by every resource schema.
 *
 * Objects are "loose": fields the schema does not declare are kept on parse (so manifests round-trip) and
 * reported as warnings by `unknownFieldWarnings`. The metadata keys below steer the CRD generator.
 */

/** Marks a subtree Kubernetes keeps as is (`x-kubernetes-preserve-unknown-fields: true`). */
export const PRESERVE = "x-kubernetes-preserve-unknown-fields";
/** Marks an int-or-string value (`x-kubernetes-int-or-string: true`). */
export const INT_OR_STRING = "x-kubernetes-int-or-string";

/** A loose object: declared fields are checked, other fields are kept. */
export function obj<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.looseObject(shape);
}

/**
 * A Kubernetes or Argo object this package does not model field by field (pod security context, affinity,
 * probes, ...). It is kept whole, and the CRD marks it `x-kubernetes-preserve-unknown-fields`.
 */
export function opaque(description: string) {
  return z.record(z.string(), z.unknown()).meta({ description, [PRESERVE]: true });
}

/** Any JSON value, kept whole (withItems entries, plugin configuration). */
export const anyJson = z.unknown().meta({ [PRESERVE]: true });

/**
 * Argo `AnyString`: written as a string, but Argo also accepts numbers and booleans and reads them as strings.
 * Kept as written so manifests round-trip.
 */
export const anyString = z
  .union([z.string(), z.number(), z.boolean()])
  .meta({ [PRESERVE]: true, description: "a string; numbers and booleans are accepted and read as strings" });

/** `intstr.IntOrString`. */
export const intOrString = z.union([z.int(), z.string()]).meta({ [INT_OR_STRING]: true });

/** A 32-bit integer field. */
export const int32 = z.int32();
/** A 64-bit integer field (safe integers). */
export const int64 = z.int();

export const stringMap = z.record(z.string(), z.string());

/** An RFC 3339 timestamp (`metav1.Time`); `null` is how Go writes a zero time. */
export const timestamp = z.string().meta({ format: "date-time" }).nullable();
