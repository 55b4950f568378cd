import { BucketRateLimiter } from "./bucket-rate-limiter.js";
import type { Clock } from "./clock.js";
import { ItemExponentialFailureRateLimiter } from "./exponential-failure-rate-limiter.js";
import { MaxOfRateLimiter } from "./max-of-rate-limiter.js";

/**
 * client-go `DefaultControllerRateLimiter` (also Argo's and Volcano's): the larger of a per-item exponential backoff
 * from 5 ms to 1000 s and an overall token bucket of 10 qps with a burst of 100. Per item, with no bucket contention:
 * 5, 10, 20, … ms, 655.36 s on the 18th failure, 1000 s from the 19th.
 */
export function defaultControllerRateLimiter<K = unknown>(
  options: { clock?: Clock } = {},
): MaxOfRateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>({ baseDelayMs: 5, maxDelayMs: 1_000_000 }),
    new BucketRateLimiter(
      options.clock === undefined ? { qps: 10, burst: 100 } : { qps: 10, burst: 100, clock: options.clock },
    ),
  );
}
