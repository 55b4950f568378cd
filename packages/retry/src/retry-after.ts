/**
 * Parses an HTTP `Retry-After` value (delay-seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` for a missing or unparsable value; a date in the past is 0.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text === "number") return text >= 0 ? text * 1000 : undefined;
  if (typeof text !== "string") return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Reads `retry-after` from a headers value of any common shape (plain object, `Headers`, `Map`). */
export function retryAfterFromHeaders(headers: unknown, now?: number): number | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === "function") {
    const v: unknown = getter.call(headers, "retry-after");
    if (v !== undefined && v !== null) return parseRetryAfter(v, now);
  }
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === "retry-after") return parseRetryAfter(v, now);
  }
  return undefined;
}
