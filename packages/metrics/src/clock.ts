/** A cancellable repeating timer returned by {@link Clock.every}. */
export interface Ticker {
  stop(): void;
}

/**
 * Time source for TTL bookkeeping and the GC ticker. Inject a fake one in tests; the system clock uses
 * `Date.now()` and an unref'd `setInterval`, so a running GC never keeps the process alive.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` every `ms` milliseconds until stopped. */
  every(ms: number, fn: () => void): Ticker;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { stop: () => clearInterval(handle) };
  },
};
