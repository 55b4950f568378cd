import type { Clock, Timer, TimerOptions } from "./clock.js";

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  readonly unref: boolean;
  cancelled: boolean;
}

/**
 * A manual clock for tests, with the semantics of Kubernetes' fake clock: time only moves in
 * {@link FakeClock.step}, which jumps to the new time and then fires every timer due by then, in order of due time
 * (then creation order); callbacks read the new time. A timer armed by a callback fires in the same step if it is
 * already due, so a timer re-armed every period fires once per step, however long the step.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: FakeTimer[] = [];

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs))
      throw new TypeError(`FakeClock: startMs must be a finite number, got ${startMs}`);
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number, options?: TimerOptions): Timer {
    const timer: FakeTimer = {
      at: this.#now + Math.max(0, delayMs),
      seq: this.#seq++,
      callback,
      unref: options?.unref === true,
      cancelled: false,
    };
    this.#timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Advances time by `ms` (≥ 0), firing due timers on the way. */
  step(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new TypeError(`FakeClock.step: ms must be a finite number >= 0, got ${ms}`);
    }
    const target = this.#now + ms;
    this.#now = target;
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      next.cancelled = true;
      next.callback();
    }
  }

  /** Timers armed and not yet fired or cancelled. `includeUnref: false` counts only those that would keep Node alive. */
  pendingTimers(options: { includeUnref?: boolean } = {}): number {
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    return options.includeUnref === false ? this.#timers.filter((t) => !t.unref).length : this.#timers.length;
  }

  #nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    let live = 0;
    for (const t of this.#timers) {
      if (t.cancelled) continue;
      this.#timers[live++] = t;
      if (t.at <= limit && (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq))) {
        best = t;
      }
    }
    this.#timers.length = live;
    return best;
  }
}
