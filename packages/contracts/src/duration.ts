/**
 * Go `time.ParseDuration`, which Argo uses for `@every`, `timeout`, `suspend.duration` and friends.
 * Returns milliseconds (fractions kept) or an error message worded as Go words it.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export type DurationResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly error: string };

export function parseGoDuration(input: string): DurationResult {
  const invalid = { ok: false, error: `time: invalid duration ${JSON.stringify(input)}` } as const;
  let s = input;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s.startsWith("-")) sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, ms: 0 };
  if (s === "") return invalid;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s !== "") {
    const m = part.exec(s);
    if (m === null) {
      return /^[\d.]+$/.test(s)
        ? { ok: false, error: `time: missing unit in duration ${JSON.stringify(input)}` }
        : invalid;
    }
    const whole = m[1] ?? "";
    const frac = m[2];
    const unit = m[3] ?? "";
    if (whole === "" && (frac === undefined || frac === "")) return invalid;
    const scale = UNIT_MS[unit];
    if (scale === undefined) {
      return {
        ok: false,
        error: `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(input)}`,
      };
    }
    total += Number(`${whole === "" ? "0" : whole}.${frac ?? "0"}`) * scale;
    s = s.slice(m[0].length);
  }
  return { ok: true, ms: sign * total };
}

/**
 * An Argo duration field (`suspend.duration`, `timeout`, backoff `duration`): a bare number means seconds,
 * otherwise a Go duration.
 */
export function parseArgoDuration(input: string | number): DurationResult {
  if (typeof input === "number") return { ok: true, ms: input * 1000 };
  if (/^\d+$/.test(input)) return { ok: true, ms: Number(input) * 1000 };
  return parseGoDuration(input);
}
