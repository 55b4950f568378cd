/** A point in time inside an expression (expr-lang's `time.Time`). */
export class TimeValue {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  toString(): string {
    return new Date(this.ms).toISOString();
  }
}

/** A span of time inside an expression (expr-lang's `time.Duration`). */
export class DurationValue {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  toString(): string {
    return `${this.ms / 1000}s`;
  }
}

export type Value =
  | null
  | boolean
  | number
  | string
  | TimeValue
  | DurationValue
  | readonly Value[]
  | { readonly [key: string]: Value };

/** Text of a value as substitution renders it (Go's `%v`-like). */
export function render(value: Value): string {
  if (value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof TimeValue || value instanceof DurationValue) return value.toString();
  return JSON.stringify(value);
}
