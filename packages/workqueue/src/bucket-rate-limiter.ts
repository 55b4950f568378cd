import type { RateLimiter } from "./rate-limiter.js";
import { TokenBucket, type TokenBucketOptions } from "./token-bucket.js";

/**
 * client-go `BucketRateLimiter`: one token bucket shared by all items, so it limits the overall retry rate. Each
 * `when` takes a token and waits out the debt; keeps no per-item state (`numRequeues` is 0, `forget` a no-op).
 */
export class BucketRateLimiter implements RateLimiter<unknown> {
  readonly bucket: TokenBucket;

  constructor(options: TokenBucketOptions) {
    this.bucket = new TokenBucket(options);
  }

  when(_key: unknown): number {
    return this.bucket.reserve().delayMs;
  }

  forget(_key: unknown): void {}

  numRequeues(_key: unknown): number {
    return 0;
  }
}
