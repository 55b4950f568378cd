import { z } from "zod";

/**
 * Read-only access to the structure of the zod schemas in this package, for the CRD generator and the
 * unknown-field walker. Only the schema kinds this package uses are described.
 */

export type SchemaNode =
  | { readonly kind: "string"; readonly meta: Meta }
  | { readonly kind: "number"; readonly format: "int32" | "int64" | undefined; readonly meta: Meta }
  | { readonly kind: "boolean"; readonly meta: Meta }
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly meta: Meta }
  | { readonly kind: "literal"; readonly values: readonly unknown[]; readonly meta: Meta }
  | { readonly kind: "array"; readonly element: z.core.$ZodType; readonly meta: Meta }
  | { readonly kind: "record"; readonly value: z.core.$ZodType; readonly meta: Meta }
  | {
      readonly kind: "object";
      readonly shape: Readonly<Record<string, z.core.$ZodType>>;
      readonly meta: Meta;
    }
  | { readonly kind: "union"; readonly options: readonly z.core.$ZodType[]; readonly meta: Meta }
  | { readonly kind: "unknown"; readonly meta: Meta };

export type Meta = Readonly<Record<string, unknown>>;

export interface Unwrapped {
  readonly node: SchemaNode;
  readonly optional: boolean;
  readonly nullable: boolean;
}

interface LooseDef {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly options?: readonly z.core.$ZodType[];
  readonly entries?: Record<string, string>;
  readonly values?: readonly unknown[];
  readonly getter?: () => z.core.$ZodType;
}

function defOf(schema: z.core.$ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

function metaOf(schema: z.core.$ZodType): Meta {
  return (z.globalRegistry.get(schema) as Meta | undefined) ?? {};
}

/** Strips optional/nullable/default wrappers, merging their metadata into the inner node's. */
export function unwrap(schema: z.core.$ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let nullable = false;
  let meta: Meta = {};
  for (;;) {
    const def = defOf(current);
    meta = { ...metaOf(current), ...meta };
    if (def.type === "optional" || def.type === "default" || def.type === "prefault") optional = true;
    else if (def.type === "nullable") nullable = true;
    else if (def.type === "lazy" && def.getter !== undefined) {
      current = def.getter();
      continue;
    } else break;
    if (def.innerType === undefined) break;
    current = def.innerType;
  }
  return { node: nodeOf(current, meta), optional, nullable };
}

function nodeOf(schema: z.core.$ZodType, meta: Meta): SchemaNode {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return { kind: "string", meta };
    case "number": {
      const format = (schema as unknown as { format?: string | null }).format;
      return {
        kind: "number",
        format: format === "int32" ? "int32" : format === "safeint" ? "int64" : undefined,
        meta,
      };
    }
    case "boolean":
      return { kind: "boolean", meta };
    case "enum":
      return { kind: "enum", values: Object.values(def.entries ?? {}), meta };
    case "literal":
      return { kind: "literal", values: def.values ?? [], meta };
    case "array":
      return def.element === undefined
        ? { kind: "unknown", meta }
        : { kind: "array", element: def.element, meta };
    case "record":
      return def.valueType === undefined
        ? { kind: "unknown", meta }
        : { kind: "record", value: def.valueType, meta };
    case "object":
      return { kind: "object", shape: def.shape ?? {}, meta };
    case "union":
      return { kind: "union", options: def.options ?? [], meta };
    default:
      return { kind: "unknown", meta };
  }
}
