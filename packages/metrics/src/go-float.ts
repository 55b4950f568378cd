const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^(?:([+-]?)(?:inf|infinity)|nan)$/i;

export type ParsedFloat =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: string };

/**
 * Parses a number the way Argo's values are parsed (Go `strconv.ParseFloat(s, 64)`): decimal with optional
 * exponent, `Inf`/`Infinity`/`NaN` in any case, no surrounding spaces. Errors carry Go's wording. Hexadecimal
 * floats are not accepted.
 */
export function parseGoFloat(text: string): ParsedFloat {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value)) {
      return { ok: false, error: `strconv.ParseFloat: parsing ${JSON.stringify(text)}: value out of range` };
    }
    return { ok: true, value };
  }
  const special = SPECIAL.exec(text);
  if (special !== null) {
    if (text.toLowerCase().endsWith("nan")) return { ok: true, value: Number.NaN };
    return { ok: true, value: special[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY };
  }
  return { ok: false, error: `strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax` };
}
