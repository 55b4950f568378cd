import type { RateLimiter } from "./rate-limiter.js";
import { requireNonNegative } from "./validate.js";

/**
 * Argo's `fixedItemIntervalRateLimiter` (the workflow queue's limiter): every retry waits `intervalMs` (Argo:
 * `DEFAULT_REQUEUE_TIME`, default 10 s); keeps no state, so `numRequeues` is always 1 and `forget` does nothing.
 */
export class FixedIntervalRateLimiter implements RateLimiter<unknown> {
  readonly #intervalMs: number;

  constructor(intervalMs: number) {
    this.#intervalMs = requireNonNegative("FixedIntervalRateLimiter", "intervalMs", intervalMs);
  }

  when(_key: unknown): number {
    return this.#intervalMs;
  }

  forget(_key: unknown): void {}

  numRequeues(_key: unknown): number {
    return 1;
  }
}
