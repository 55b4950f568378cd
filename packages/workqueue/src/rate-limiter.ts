/**
 * Decides how long an item waits before it is retried (client-go's `TypedRateLimiter`). A rate-limiting queue
 * passes the item's key (see the queue's `key` option), so per-item state follows the queue's identity rule.
 */
export interface RateLimiter<K = unknown> {
  /** Records a failure of `key` and returns the delay in ms before its retry. */
  when(key: K): number;
  /** Clears the failure history of `key`. */
  forget(key: K): void;
  /** Failures recorded for `key` since it was last forgotten. */
  numRequeues(key: K): number;
}
