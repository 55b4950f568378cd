import { Cron } from "croner";
import { parseGoDuration } from "./duration.js";

/**
 * CronWorkflow schedules, as Argo's `robfig/cron` `ParseStandard` accepts them: 5 fields (minute, hour, day of
 * month, month, day of week), the descriptors `@yearly @annually @monthly @weekly @daily @midnight @hourly`, and
 * `@every <Go duration>`, optionally prefixed by `CRON_TZ=<zone> ` or `TZ=<zone> `.
 *
 * Field syntax is parsed by croner (in 5-part mode). Only `@every`, which croner does not know, is translated
 * here: it becomes a constant delay, as robfig/cron schedules it.
 */

export type CronSchedule =
  | {
      readonly kind: "cron";
      /** The spec without its timezone prefix. */
      readonly spec: string;
      readonly timezone: string | undefined;
      /** The first fire time strictly after `after`, or undefined when there is none. */
      nextAfter(after: Date): Date | undefined;
    }
  | {
      readonly kind: "every";
      readonly spec: string;
      readonly timezone: string | undefined;
      /** The delay, in whole seconds (at least 1), as robfig/cron rounds it. */
      readonly everySeconds: number;
      nextAfter(after: Date): Date | undefined;
    };

export type CronParseResult =
  | { readonly ok: true; readonly schedule: CronSchedule }
  | { readonly ok: false; readonly error: string };

const TZ_PREFIX = /^(?:CRON_TZ|TZ)=(\S*)\s+/;

/** The largest value of each field (minute, hour, day of month, month, day of week), as robfig/cron bounds them. */
const FIELD_MAX = [59, 23, 31, 12, 6] as const;

/**
 * robfig/cron reads `N/step` as "from N to the field's maximum, every step" (`5/15` in the minute field is
 * 5, 20, 35, 50); croner only accepts the spelled-out range, so `N/step` becomes `N-max/step`.
 */
function withOpenEndedSteps(field: string, max: number): string {
  return field
    .split(",")
    .map((part) => part.replace(/^(\d+)\/(\d+)$/, `$1-${max}/$2`))
    .join(",");
}

/**
 * Parses one schedule. `timezone` (the CronWorkflow's `spec.timezone`) applies unless the spec carries its own
 * prefix; both default to the machine's local zone.
 */
export function parseCronSchedule(input: string, timezone?: string | undefined): CronParseResult {
  let spec = input.trim();
  let zone = timezone === "" ? undefined : timezone;
  const prefix = TZ_PREFIX.exec(spec);
  if (prefix !== null) {
    zone = prefix[1] === "" ? undefined : prefix[1];
    spec = spec.slice(prefix[0].length).trim();
  }
  if (spec === "") return { ok: false, error: "empty spec string" };
  if (spec.startsWith("@every ") || spec === "@every") {
    const text = spec.slice("@every".length).trim();
    const parsed = parseGoDuration(text);
    if (!parsed.ok) return { ok: false, error: `failed to parse duration ${spec}: ${parsed.error}` };
    // robfig/cron: delays under a second become one second; others are truncated to whole seconds.
    const everySeconds = Math.max(1, Math.floor(parsed.ms / 1000));
    return {
      ok: true,
      schedule: {
        kind: "every",
        spec,
        timezone: zone,
        everySeconds,
        nextAfter: (after) => new Date(Math.floor(after.getTime() / 1000) * 1000 + everySeconds * 1000),
      },
    };
  }
  let pattern = spec;
  if (!spec.startsWith("@")) {
    const fields = spec.split(/\s+/);
    if (fields.length !== 5) {
      return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
    }
    pattern = fields.map((field, i) => withOpenEndedSteps(field, FIELD_MAX[i] ?? 59)).join(" ");
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, {
      paused: true,
      mode: "5-part",
      ...(zone !== undefined && zone !== "Local" ? { timezone: zone } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^CronPattern: /, "") };
  }
  return {
    ok: true,
    schedule: {
      kind: "cron",
      spec,
      timezone: zone,
      nextAfter: (after) => cron.nextRun(after) ?? undefined,
    },
  };
}
