/**
 * A JSON encoder that writes what Go's `encoding/json` `Marshal` writes, so hashes computed over the output
 * agree with Argo's.
 *
 * Go differences from `JSON.stringify` that matter here:
 * - map keys are sorted (byte order of the UTF-8 key); struct fields follow the Go declaration order;
 * - `<`, `>`, `&`, U+2028 and U+2029 are escaped as `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`;
 *   other control characters use `\b \f \n \r \t` or `\u00XX`; a lone surrogate becomes `\ufffd`;
 * - `omitempty` drops `""`, `0`, `false` (non-pointer), empty slices and maps, and nil;
 * - `metav1.Time` is written as `null` when zero and as RFC 3339 in UTC with whole seconds otherwise.
 */

/** How one value is encoded. */
export type GoType =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "bool" }
  /** A pointer field: only `undefined`/`null` count as empty for omitempty. */
  | { readonly kind: "ptr"; readonly elem: GoType }
  | { readonly kind: "time" }
  | { readonly kind: "slice"; readonly elem: GoType }
  | { readonly kind: "map"; readonly elem: GoType }
  | { readonly kind: "struct"; readonly fields: readonly GoField[] }
  /** Anything: objects are written with sorted keys. */
  | { readonly kind: "any" };

export interface GoField {
  readonly name: string;
  readonly type: GoType;
  readonly omitempty: boolean;
}

export const goString: GoType = { kind: "string" };
export const goNumber: GoType = { kind: "number" };
export const goBool: GoType = { kind: "bool" };
export const goTime: GoType = { kind: "time" };
export const goAny: GoType = { kind: "any" };
export const goPtr = (elem: GoType): GoType => ({ kind: "ptr", elem });
export const goSlice = (elem: GoType): GoType => ({ kind: "slice", elem });
export const goMap = (elem: GoType): GoType => ({ kind: "map", elem });
export const goStruct = (fields: readonly GoField[]): GoType => ({ kind: "struct", fields });
/** `name` with `omitempty`. */
export const opt = (name: string, type: GoType): GoField => ({ name, type, omitempty: true });
/** `name` without `omitempty`. */
export const req = (name: string, type: GoType): GoField => ({ name, type, omitempty: false });

const HEX = "0123456789abcdef";

/** Characters Go's encoder rewrites (controls, quote, backslash, HTML-sensitive, separators, any surrogate). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;

/** A Go-escaped JSON string literal. */
export function goQuote(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += value[i] ?? "";
        out += value[i + 1] ?? "";
        i++;
      } else {
        out += "\\ufffd";
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += "\\ufffd";
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${HEX[(c >> 12) & 0xf]}${HEX[(c >> 8) & 0xf]}${HEX[(c >> 4) & 0xf]}${HEX[c & 0xf]}`;
      continue;
    }
    out += value[i] ?? "";
  }
  return `${out}"`;
}

const encoder = new TextEncoder();

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Go sorts map keys by their UTF-8 bytes, i.e. by code point. UTF-16 order agrees unless a surrogate is involved,
 * so only those keys pay for an encoding.
 */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : 1;
  const ab = encoder.encode(a);
  const bb = encoder.encode(b);
  const n = Math.min(ab.length, bb.length);
  for (let i = 0; i < n; i++) {
    const d = (ab[i] ?? 0) - (bb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ab.length - bb.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function goNumberText(value: number): string {
  if (!Number.isFinite(value)) return "null";
  // Go uses the shortest representation, 'e' notation below 1e-6 and from 1e21, with exponents like e-7 / e+21:
  // exactly what Number#toString produces.
  return Object.is(value, -0) ? "-0" : String(value);
}

/** Go `metav1.Time` JSON: `null` when zero, else RFC 3339 UTC truncated to seconds. */
const RFC3339_UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function goTimeText(value: unknown): string {
  if (value === undefined || value === null || value === "") return "null";
  if (typeof value === "string" && RFC3339_UTC_SECONDS.test(value)) return `"${value}"`; // already Go's form
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    return typeof value === "string" ? goQuote(value) : encodeAny(value);
  }
  return goQuote(`${date.toISOString().slice(0, 19)}Z`);
}

function isEmpty(value: unknown, type: GoType): boolean {
  // Go never treats a struct (metav1.Time included) as empty.
  if (type.kind === "time" || type.kind === "struct") return false;
  if (value === undefined || value === null) return true;
  switch (type.kind) {
    case "ptr":
      return false;
    case "string":
      return value === "";
    case "number":
      return value === 0;
    case "bool":
      return value === false;
    case "slice":
      return Array.isArray(value) && value.length === 0;
    case "map":
      return isRecord(value) && Object.keys(value).length === 0;
    case "any":
      return (
        value === "" ||
        value === 0 ||
        value === false ||
        (Array.isArray(value) && value.length === 0) ||
        (isRecord(value) && Object.keys(value).length === 0)
      );
    default:
      return false;
  }
}

function encodeAny(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumberText(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => encodeAny(v)).join(",")}]`;
  if (value instanceof Date) return goTimeText(value);
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort(compareKeys);
    return `{${keys.map((k) => `${goQuote(k)}:${encodeAny(value[k])}`).join(",")}}`;
  }
  return "null";
}

interface StructLayout {
  readonly declared: ReadonlySet<string>;
  /** Each field's name as a JSON string literal, in declaration order. */
  readonly quoted: readonly string[];
}

const layouts = new WeakMap<GoType, StructLayout>();

/** Per struct type, computed once: its field names as a set and pre-quoted. */
function structLayout(type: Extract<GoType, { kind: "struct" }>): StructLayout {
  let layout = layouts.get(type);
  if (layout === undefined) {
    layout = {
      declared: new Set(type.fields.map((f) => f.name)),
      quoted: type.fields.map((f) => goQuote(f.name)),
    };
    layouts.set(type, layout);
  }
  return layout;
}

/**
 * Encodes `value` as Go would marshal the Go type described by `type`. Values that do not fit the type are
 * written as they are (with sorted object keys), and fields a struct does not declare are kept after the declared
 * ones, sorted, so no content is lost from the encoding.
 */
export function goMarshal(value: unknown, type: GoType = goAny): string {
  switch (type.kind) {
    case "ptr":
      return value === undefined || value === null ? "null" : goMarshal(value, type.elem);
    case "time":
      return goTimeText(value);
    // A missing non-pointer scalar is Go's zero value.
    case "string":
      if (value === undefined || value === null) return '""';
      // Argo's AnyString reads numbers and booleans and writes them back as strings.
      if (typeof value === "number" || typeof value === "boolean") return goQuote(String(value));
      return typeof value === "string" ? goQuote(value) : encodeAny(value);
    case "number":
      if (value === undefined || value === null) return "0";
      return typeof value === "number" ? goNumberText(value) : encodeAny(value);
    case "bool":
      if (value === undefined || value === null) return "false";
      return typeof value === "boolean" ? (value ? "true" : "false") : encodeAny(value);
    case "slice":
      if (value === undefined || value === null) return "null";
      if (!Array.isArray(value)) return encodeAny(value);
      return `[${value.map((v) => goMarshal(v, type.elem)).join(",")}]`;
    case "map": {
      if (value === undefined || value === null) return "null";
      if (!isRecord(value)) return encodeAny(value);
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort(compareKeys);
      return `{${keys.map((k) => `${goQuote(k)}:${goMarshal(value[k], type.elem)}`).join(",")}}`;
    }
    case "struct": {
      if (value === undefined || value === null) return "null";
      if (!isRecord(value)) return encodeAny(value);
      const layout = structLayout(type);
      let out = "";
      for (let i = 0; i < type.fields.length; i++) {
        const field = type.fields[i] as GoField;
        const v = value[field.name];
        if (field.omitempty && isEmpty(v, field.type)) continue;
        out += `${out === "" ? "" : ","}${layout.quoted[i]}:${goMarshal(v, field.type)}`;
      }
      const extra: string[] = [];
      for (const k in value) {
        if (!layout.declared.has(k) && value[k] !== undefined) extra.push(k);
      }
      for (const k of extra.sort(compareKeys))
        out += `${out === "" ? "" : ","}${goQuote(k)}:${encodeAny(value[k])}`;
      return `{${out}}`;
    }
    case "any":
      return encodeAny(value);
  }
}
