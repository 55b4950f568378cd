import type { RateLimiter } from "./rate-limiter.js";
import { requireNonNegative } from "./validate.js";

/** client-go `WithMaxWaitRateLimiter`: the inner limiter's delay, never more than `maxDelayMs`. */
export class WithMaxWaitRateLimiter<K = unknown> implements RateLimiter<K> {
  readonly #inner: RateLimiter<K>;
  readonly #maxMs: number;

  constructor(inner: RateLimiter<K>, maxDelayMs: number) {
    if (typeof inner !== "object" || inner === null || typeof inner.when !== "function") {
      throw new TypeError("WithMaxWaitRateLimiter: inner must be a RateLimiter (when, forget, numRequeues)");
    }
    this.#inner = inner;
    this.#maxMs = requireNonNegative("WithMaxWaitRateLimiter", "maxDelayMs", maxDelayMs);
  }

  when(key: K): number {
    const d = this.#inner.when(key);
    return Math.min(d, this.#maxMs);
  }

  forget(key: K): void {
    this.#inner.forget(key);
  }

  numRequeues(key: K): number {
    return this.#inner.numRequeues(key);
  }
}
