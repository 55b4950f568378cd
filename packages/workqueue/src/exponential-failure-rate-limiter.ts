import type { RateLimiter } from "./rate-limiter.js";
import { requireNonNegative, requireObject } from "./validate.js";

export interface ExponentialFailureOptions {
  /** Delay after the first failure. */
  baseDelayMs: number;
  /** Cap of the delay. */
  maxDelayMs: number;
}

/** Go compares backoffs against float64(MaxInt64) nanoseconds = 2^63 ns. */
const MAX_DURATION_NS = 2 ** 63;

/**
 * Per-item exponential backoff (client-go `ItemExponentialFailureRateLimiter`): the n-th failure of an item since
 * it was forgotten waits `baseDelayMs · 2^(n-1)`, capped at `maxDelayMs` (also when the power overflows).
 */
export class ItemExponentialFailureRateLimiter<K = unknown> implements RateLimiter<K> {
  readonly #baseNs: number;
  readonly #maxMs: number;
  readonly #failures = new Map<K, number>();

  constructor(options: ExponentialFailureOptions) {
    const where = "ItemExponentialFailureRateLimiter";
    requireObject(where, "options", options);
    this.#baseNs = requireNonNegative(where, "baseDelayMs", options.baseDelayMs) * 1e6;
    this.#maxMs = requireNonNegative(where, "maxDelayMs", options.maxDelayMs);
  }

  when(key: K): number {
    const exp = this.#failures.get(key) ?? 0;
    this.#failures.set(key, exp + 1);
    const backoffNs = this.#baseNs * 2 ** exp;
    if (!(backoffNs < MAX_DURATION_NS)) return this.#maxMs;
    const backoffMs = Math.trunc(backoffNs) / 1e6;
    return Math.min(backoffMs, this.#maxMs);
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** client-go `DefaultItemBasedRateLimiter`: exponential from 1 ms to 1000 s. */
export function defaultItemBasedRateLimiter<K = unknown>(): ItemExponentialFailureRateLimiter<K> {
  return new ItemExponentialFailureRateLimiter<K>({ baseDelayMs: 1, maxDelayMs: 1_000_000 });
}
