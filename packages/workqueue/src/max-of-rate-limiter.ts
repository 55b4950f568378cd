import type { RateLimiter } from "./rate-limiter.js";

/**
 * client-go `MaxOfRateLimiter`: asks every limiter (each records the failure; a bucket spends a token) and waits
 * the longest answer. `numRequeues` is the largest count, `forget` reaches all.
 */
export class MaxOfRateLimiter<K = unknown> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    limiters.forEach((l, i) => {
      if (
        typeof l !== "object" ||
        l === null ||
        typeof l.when !== "function" ||
        typeof l.forget !== "function" ||
        typeof l.numRequeues !== "function"
      ) {
        throw new TypeError(
          `MaxOfRateLimiter: limiters[${i}] must be a RateLimiter (when, forget, numRequeues)`,
        );
      }
    });
    this.#limiters = limiters;
  }

  when(key: K): number {
    let max = 0;
    for (const l of this.#limiters) {
      const d = l.when(key);
      if (d > max) max = d;
    }
    return max;
  }

  forget(key: K): void {
    for (const l of this.#limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    let max = 0;
    for (const l of this.#limiters) {
      const n = l.numRequeues(key);
      if (n > max) max = n;
    }
    return max;
  }
}
