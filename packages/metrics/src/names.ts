/** The Prometheus legacy metric-name check without `:` (reserved for recording rules), as Argo applies it. */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Argo's `invalidMetricNameError`, returned verbatim by the custom metric store. */
export const INVALID_METRIC_NAME =
  "metric name is invalid: names may only contain alphanumeric characters or '_'";

export function isValidMetricName(name: string): boolean {
  return NAME.test(name);
}

/** Label keys follow the same pattern as names. */
export function isValidLabelKey(key: string): boolean {
  return NAME.test(key);
}

export function invalidLabelMessage(key: string): string {
  return `metric label '${key}' is invalid: keys may only contain alphanumeric characters or '_'`;
}
