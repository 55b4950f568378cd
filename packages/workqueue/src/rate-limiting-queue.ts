import { defaultControllerRateLimiter } from "./default-rate-limiter.js";
import { DelayingQueue } from "./delaying-queue.js";
import type { QueueOptions } from "./queue.js";
import type { RateLimiter } from "./rate-limiter.js";

export interface RateLimitingQueueOptions<T, K = T> extends QueueOptions<T, K> {
  /** Default: {@link defaultControllerRateLimiter} on the queue's clock. */
  rateLimiter?: RateLimiter<K>;
}

/**
 * A {@link DelayingQueue} whose retries are paced by a {@link RateLimiter} (client-go's rate-limiting queue). The
 * limiter sees item keys. `forget` only clears the limiter's memory: `done` is still needed.
 */
export class RateLimitingQueue<T, K = T> extends DelayingQueue<T, K> {
  readonly rateLimiter: RateLimiter<K>;

  constructor(options: RateLimitingQueueOptions<T, K> = {}) {
    super(options);
    const limiter = options.rateLimiter;
    if (
      limiter !== undefined &&
      (typeof limiter !== "object" || limiter === null || typeof limiter.when !== "function")
    ) {
      throw new TypeError("workqueue: options.rateLimiter must be a RateLimiter (when, forget, numRequeues)");
    }
    this.rateLimiter =
      limiter ?? defaultControllerRateLimiter<K>(options.clock === undefined ? {} : { clock: options.clock });
  }

  /** `addAfter(item, rateLimiter.when(key))`. The limiter is asked (and records a failure) even when shutting down. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(this.keyOf(item)));
  }

  /** Clears the limiter's failure history of `item`; does not remove it from the queue. */
  forget(item: T): void {
    this.rateLimiter.forget(this.keyOf(item));
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(this.keyOf(item));
  }
}
