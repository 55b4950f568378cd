/**
 * IANA time zone checks, as Go's `time.LoadLocation` accepts them: `""` and `"UTC"` are UTC, `"Local"` is the
 * machine's zone, anything else must be a zone the runtime's tz database knows.
 */
export function timezoneError(zone: string): string | undefined {
  if (zone === "" || zone === "UTC" || zone === "Local") return undefined;
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
    // Intl matches names case-insensitively; Go's tz database lookup does not.
    if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase())
      return `unknown time zone ${zone}`;
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}

export function isValidTimezone(zone: string): boolean {
  return timezoneError(zone) === undefined;
}
