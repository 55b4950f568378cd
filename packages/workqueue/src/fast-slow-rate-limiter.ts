import type { RateLimiter } from "./rate-limiter.js";
import { requireNonNegative, requireNonNegativeInteger, requireObject } from "./validate.js";

export interface FastSlowOptions {
  fastDelayMs: number;
  slowDelayMs: number;
  /** Failures answered with the fast delay before switching to the slow one. */
  maxFastAttempts: number;
}

/** client-go `ItemFastSlowRateLimiter`: `fastDelayMs` for the first `maxFastAttempts` failures, then `slowDelayMs`. */
export class ItemFastSlowRateLimiter<K = unknown> implements RateLimiter<K> {
  readonly #fast: number;
  readonly #slow: number;
  readonly #maxFast: number;
  readonly #failures = new Map<K, number>();

  constructor(options: FastSlowOptions) {
    const where = "ItemFastSlowRateLimiter";
    requireObject(where, "options", options);
    this.#fast = requireNonNegative(where, "fastDelayMs", options.fastDelayMs);
    this.#slow = requireNonNegative(where, "slowDelayMs", options.slowDelayMs);
    this.#maxFast = requireNonNegativeInteger(where, "maxFastAttempts", options.maxFastAttempts);
  }

  when(key: K): number {
    const n = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, n);
    return n <= this.#maxFast ? this.#fast : this.#slow;
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}
