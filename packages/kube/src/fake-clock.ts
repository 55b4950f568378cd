import type { Timer, TimerOptions } from "@weft/workqueue";
import type { Clock } from "./clock.js";

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A manual clock for tests. Time moves only in `advance(ms)`, which fires due timers in order of due time and lets
 * the program run (a macrotask) after each, so async continuations that arm new timers are woken in the same
 * advance when they fall due. Real I/O (HTTP to a test server) still takes real time: wait on a condition after.
 */
export class FakeClock implements Clock {
  #now: number;
  readonly #wallStart: number;
  #seq = 0;
  #timers: FakeTimer[] = [];

  constructor(options: { wallStart?: number } = {}) {
    this.#now = 0;
    this.#wallStart = options.wallStart ?? Date.parse("2026-01-01T00:00:00Z");
  }

  now(): number {
    return this.#now;
  }

  wallNow(): number {
    return this.#wallStart + this.#now;
  }

  setTimer(callback: () => void, delayMs: number, _options?: TimerOptions): Timer {
    const timer: FakeTimer = {
      at: this.#now + Math.max(0, delayMs),
      seq: this.#seq++,
      callback,
      cancelled: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers armed and not yet fired or cancelled. */
  pendingTimers(): number {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    return this.#timers.length;
  }

  /** Moves time forward by `ms` (>= 0), firing each due timer in order and yielding after each. */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new TypeError(`FakeClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.#now + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.#timers) {
        if (t.cancelled || t.at > target) continue;
        if (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
      }
      if (next === undefined) break;
      next.cancelled = true;
      this.#now = Math.max(this.#now, next.at);
      next.callback();
      await tick();
    }
    this.#now = target;
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    await tick();
  }
}
