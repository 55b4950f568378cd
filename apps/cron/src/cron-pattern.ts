import { Cron } from "croner";

/** Zones that are UTC all year: croner's fixed-offset mode is exact for them, and ~10x faster than its Intl path. */
const UTC_ZONES = new Set(["UTC", "Etc/UTC", "GMT", "Etc/GMT"]);
/** Distinct (pattern, zone) pairs kept; past this the cache starts over (specs are re-parsed on demand). */
const MAX_PATTERNS = 10_000;
/** Recent `nextAfter` answers kept per pattern (cursors of CronWorkflows registered at different seconds). */
const MEMO_SIZE = 16;

/**
 * One croner pattern in one zone, shared by every schedule written the same way: at a tick, thousands of
 * CronWorkflows on `* * * * *` ask for the same next time, and croner's search (tens of microseconds in a named
 * zone) runs once for all of them.
 */
export class CronPattern {
  readonly #cron: Cron;
  readonly #memo = new Map<number, number | undefined>();

  constructor(pattern: string, zone: string | undefined) {
    const where = zone === undefined ? {} : UTC_ZONES.has(zone) ? { utcOffset: 0 } : { timezone: zone };
    this.#cron = new Cron(pattern, { paused: true, mode: "5-part", ...where });
  }

  /** The first fire time strictly after `fromMs` (epoch ms), or undefined if there is none. */
  nextAfter(fromMs: number): number | undefined {
    if (this.#memo.has(fromMs)) return this.#memo.get(fromMs);
    const next = this.#cron.nextRun(new Date(fromMs));
    const value = next === null ? undefined : next.getTime();
    if (this.#memo.size >= MEMO_SIZE) {
      const oldest = this.#memo.keys().next();
      if (oldest.done !== true) this.#memo.delete(oldest.value);
    }
    this.#memo.set(fromMs, value);
    return value;
  }
}

const patterns = new Map<string, CronPattern>();

/** The shared {@link CronPattern} for `pattern` in `zone` (undefined: the machine's zone); throws croner's error. */
export function cronPattern(pattern: string, zone: string | undefined): CronPattern {
  const key = `${zone ?? ""} ${pattern}`;
  let found = patterns.get(key);
  if (found === undefined) {
    found = new CronPattern(pattern, zone);
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(key, found);
  }
  return found;
}
