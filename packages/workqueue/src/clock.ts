/**
 * The time source of a queue: a millisecond reading and one-shot timers. Only differences between `now()` readings
 * matter, so a monotonic source is fine. Inject {@link FakeClock} in tests.
 */
export interface Clock {
  /** Current time in milliseconds (fractions allowed). */
  now(): number;
  /**
   * Calls `callback` once, `delayMs` from now (0 or less: as soon as possible). `unref: true` asks for a timer that
   * does not keep the process alive (Node's `timer.unref()`).
   */
  setTimer(callback: () => void, delayMs: number, options?: TimerOptions): Timer;
}

export interface TimerOptions {
  unref?: boolean;
}

/** A pending wake-up; `cancel()` is idempotent and harmless after the timer fired. */
export interface Timer {
  cancel(): void;
}

/**
 * The longest delay `setTimeout` accepts. {@link realClock} clamps longer delays to it (so its callback may fire
 * early); the delaying queue re-checks the time when woken and re-arms, so it waits in steps of this size.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The process clock: `performance.now()` and `setTimeout`. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, delayMs, options) {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS));
    if (options?.unref === true) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
