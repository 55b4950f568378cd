const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration (`time.ParseDuration`: "5m", "300s", "1h30m", "1.5h", "250ms", "0") into milliseconds.
 * `field` names the setting in the error.
 */
export function parseGoDuration(text: string, field = "duration"): number {
  const s = text.trim();
  if (s === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  let sign = 1;
  let body = s;
  if (body.startsWith("-") || body.startsWith("+")) {
    sign = body.startsWith("-") ? -1 : 1;
    body = body.slice(1);
  }
  if (body === "") throw new TypeError(`${field}: "${text}" is not a Go duration (e.g. 5m, 300s, 1h30m)`);
  re.lastIndex = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (m === null || m.index !== pos) {
      throw new TypeError(`${field}: "${text}" is not a Go duration (e.g. 5m, 300s, 1h30m)`);
    }
    total += Number(m[1]) * (UNITS[m[2] ?? ""] ?? Number.NaN);
    pos = re.lastIndex;
  }
  if (!Number.isFinite(total)) throw new TypeError(`${field}: "${text}" is out of range`);
  return sign * total;
}
