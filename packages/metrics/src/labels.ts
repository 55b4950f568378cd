import type { Attributes } from "@opentelemetry/api";

const NEEDS_ESCAPE = /[\\"\n]/;
const INVALID_NAME_CHAR = /[^a-zA-Z0-9_]/g;

/** Escapes a label value for the text exposition format: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** Escapes HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Replaces every character Prometheus does not allow in a label or metric name with `_`. */
export function sanitizeName(name: string): string {
  const clean = name.replace(INVALID_NAME_CHAR, "_");
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/**
 * Rendered `{k="v",...}` text per attributes object. The attributes objects the custom store hands out are frozen,
 * so a cached rendering can never go stale; OTel's own attribute objects are cached the same way (their
 * accumulations keep the same object across collections). A WeakMap drops entries with their series.
 */
const rendered = new WeakMap<Attributes, string>();

export function rememberLabelText(attributes: Attributes, text: string): void {
  rendered.set(attributes, text);
}

function attributeText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? "";
}

/** `{k="v",...}` for an attributes object (keys in object order), or "" when there are none. */
export function labelText(attributes: Attributes): string {
  const cached = rendered.get(attributes);
  if (cached !== undefined) return cached;
  let text = "";
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    text += `${text === "" ? "{" : ","}${sanitizeName(key)}="${escapeLabelValue(attributeText(value))}"`;
  }
  if (text !== "") text += "}";
  rendered.set(attributes, text);
  return text;
}

/** Appends one extra label (histogram `le`) to rendered label text. */
export function withLabel(text: string, key: string, value: string): string {
  const extra = `${key}="${value}"`;
  return text === "" ? `{${extra}}` : `${text.slice(0, -1)},${extra}}`;
}
