import { parseGoDuration } from "@weft/contracts";
import { type CronPattern, cronPattern } from "./cron-pattern.js";

/**
 * One parsed CronWorkflow schedule, as Argo's `robfig/cron` `ParseStandard` accepts it: five fields (minute, hour,
 * day of month, month, day of week), the descriptors `@yearly @annually @monthly @weekly @daily @midnight @hourly`,
 * or `@every <Go duration>`, optionally prefixed by `CRON_TZ=<zone> ` or `TZ=<zone> `. Field evaluation (ranges,
 * steps, names, the day-of-month/day-of-week OR rule, IANA zones and DST) is croner's.
 */
export interface Schedule {
  /** The text as written (with its prefix, if any). */
  readonly source: string;
  /** The zone the schedule is evaluated in; undefined = the machine's local zone. */
  readonly timezone: string | undefined;
  /** `@every` schedules: the constant delay in whole seconds. */
  readonly everySeconds: number | undefined;
  /** The first fire time strictly after `afterMs` (epoch ms, always whole seconds), or undefined if there is none. */
  next(afterMs: number): number | undefined;
}

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; error: string };

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const NAMES = new Set([
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
  "sun",
  "mon",
  "tue",
  "wed",
  "thu",
  "fri",
  "sat",
]);

const TZ_PREFIX = /^(?:CRON_TZ|TZ)=(\S*)\s+/;
/** Go's `time.ParseDuration` (`@weft/contracts`' `parseGoDuration`), in milliseconds; undefined when invalid. */
export function parseGoDurationMs(text: string): number | undefined {
  const parsed = parseGoDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}

const FIELD_MAX = [59, 23, 31, 12, 6];

/** robfig reads `N/step` as `N-max/step`; croner wants the range spelled out. */
function expandStartSteps(fields: string[]): string[] {
  return fields.map((field, i) =>
    field
      .split(",")
      .map((term) => (/^\d+\/\d+$/.test(term) ? term.replace("/", `-${FIELD_MAX[i] ?? 59}/`) : term))
      .join(","),
  );
}

function fieldError(fields: string[]): string | undefined {
  for (const field of fields) {
    if (!/^[0-9A-Za-z*?,/-]+$/.test(field)) return `failed to parse int from ${field}`;
    for (const word of field.match(/[A-Za-z]+/g) ?? []) {
      if (!NAMES.has(word.toLowerCase())) return `failed to parse int from ${word}`;
    }
  }
  return undefined;
}

/**
 * Parses `text`. `timezone` (the CronWorkflow's `spec.timezone`) applies unless the text has its own prefix; an
 * empty or missing zone means the machine's local zone, as in Argo.
 */
export function parseSchedule(text: string, timezone?: string | undefined): ScheduleResult {
  let spec = text.trim();
  let zone = timezone === "" || timezone === "Local" ? undefined : timezone;
  const prefix = TZ_PREFIX.exec(spec);
  if (prefix !== null) {
    zone = prefix[1] === "" || prefix[1] === "Local" ? undefined : prefix[1];
    spec = spec.slice(prefix[0].length).trim();
  }
  if (spec === "") return { ok: false, error: "empty spec string" };
  if (zone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      return { ok: false, error: `provided bad location ${zone}: unknown time zone ${zone}` };
    }
  }
  if (spec === "@every" || spec.startsWith("@every ")) {
    const ms = parseGoDurationMs(spec.slice("@every".length).trim());
    if (ms === undefined) return { ok: false, error: `failed to parse duration ${spec}` };
    // robfig/cron: under a second becomes a second; the sub-second part is dropped.
    const everySeconds = Math.max(1, Math.floor(ms / 1000));
    return {
      ok: true,
      schedule: {
        source: text,
        timezone: zone,
        everySeconds,
        next: (after) => Math.floor(after / 1000) * 1000 + everySeconds * 1000,
      },
    };
  }
  let pattern = spec;
  if (spec.startsWith("@")) {
    const expanded = DESCRIPTORS[spec];
    if (expanded === undefined) return { ok: false, error: `unrecognized descriptor: ${spec}` };
    pattern = expanded;
  }
  const fields = pattern.split(/\s+/);
  if (fields.length !== 5) {
    return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  }
  const bad = fieldError(fields);
  if (bad !== undefined) return { ok: false, error: bad };
  let compiled: CronPattern;
  try {
    compiled = cronPattern(expandStartSteps(fields).join(" ").replaceAll("?", "*"), zone);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message.replace(/^CronPattern: /, "") };
  }
  return {
    ok: true,
    schedule: {
      source: text,
      timezone: zone,
      everySeconds: undefined,
      next(after) {
        // Strictly after `after`, on whole seconds (robfig: t + 1 s with the sub-second part removed).
        return compiled.nextAfter(Math.floor(after / 1000) * 1000);
      },
    },
  };
}
