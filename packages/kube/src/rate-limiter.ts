import { TokenBucket } from "@weft/workqueue";
import { type Clock, sleep, systemClock } from "./clock.js";

export interface RateLimiterOptions {
  /** Sustained requests per second; `Infinity` disables limiting. Argo's controller: 20. */
  qps: number;
  /** Requests allowed at once above the sustained rate. Argo's controller: 30. */
  burst: number;
  clock?: Clock;
}

/** client-go's client-side token-bucket limiter (`flowcontrol.NewTokenBucketRateLimiter(qps, burst)`). */
export class RequestRateLimiter {
  readonly qps: number;
  readonly burst: number;
  readonly #bucket: TokenBucket;
  readonly #clock: Clock;
  #waiting = 0;

  constructor(options: RateLimiterOptions) {
    const { qps, burst } = options;
    if (typeof qps !== "number" || Number.isNaN(qps) || qps <= 0) {
      throw new TypeError(`rate limiter: qps must be a number > 0 (or Infinity), got ${String(qps)}`);
    }
    if (!Number.isInteger(burst) || burst < 1) {
      throw new TypeError(`rate limiter: burst must be an integer >= 1, got ${String(burst)}`);
    }
    this.qps = qps;
    this.burst = burst;
    this.#clock = options.clock ?? systemClock;
    this.#bucket = new TokenBucket({ qps, burst, clock: this.#clock });
  }

  /** Requests currently waiting for a token. */
  waiting(): number {
    return this.#waiting;
  }

  /** Waits for a token; returns the milliseconds waited. Rejects with `signal.reason` on abort. */
  async acquire(signal?: AbortSignal): Promise<number> {
    if (this.qps === Number.POSITIVE_INFINITY) return 0;
    const { delayMs } = this.#bucket.reserve();
    if (delayMs <= 0) return 0;
    this.#waiting++;
    try {
      await sleep(this.#clock, delayMs, signal);
    } finally {
      this.#waiting--;
    }
    return delayMs;
  }
}
