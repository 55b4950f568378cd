/** Internal: parameter checks that throw a TypeError naming the parameter and the rule. */
export function requireNonNegative(
  where: string,
  field: string,
  value: unknown,
  allowInfinity = false,
): number {
  if (
    typeof value !== "number" ||
    Number.isNaN(value) ||
    value < 0 ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw new TypeError(
      `${where}: ${field} must be a ${allowInfinity ? "" : "finite "}number >= 0, got ${String(value)}`,
    );
  }
  return value;
}

export function requireNonNegativeInteger(where: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`${where}: ${field} must be an integer >= 0, got ${String(value)}`);
  }
  return value;
}

export function requireObject(where: string, field: string, value: unknown): void {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(
      `${where}: ${field} must be an object, got ${value === null ? "null" : typeof value}`,
    );
  }
}
