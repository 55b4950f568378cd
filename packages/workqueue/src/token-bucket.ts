import { type Clock, realClock } from "./clock.js";
import { requireNonNegative, requireNonNegativeInteger, requireObject } from "./validate.js";

export interface TokenBucketOptions {
  /** Tokens added per second (`Infinity`: no limit; 0: only the initial burst). */
  qps: number;
  /** Bucket size, and the tokens it starts with. */
  burst: number;
  /** Default {@link realClock}. Go reads the wall clock here; Weft lets you inject the queue's clock. */
  clock?: Clock;
}

/** Outcome of a reservation: `delayMs` is how long to wait before acting; `Infinity` if it can never be granted. */
export interface Reservation {
  readonly ok: boolean;
  readonly delayMs: number;
}

const NS_PER_MS = 1e6;
const MAX_DURATION_NS = 2 ** 63;

/**
 * The token bucket of golang.org/x/time/rate (the semantics client-go's `BucketRateLimiter` relies on): a reservation
 * always takes its tokens, going into debt, and reports how long the caller must wait for the debt to be repaid.
 * Time going backwards adds no tokens. Durations are computed in whole nanoseconds as Go does.
 */
export class TokenBucket {
  readonly #qps: number;
  #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last = Number.NEGATIVE_INFINITY;

  constructor(options: TokenBucketOptions) {
    requireObject("TokenBucket", "options", options);
    this.#qps = requireNonNegative("TokenBucket", "qps", options.qps, true);
    this.#burst = requireNonNegativeInteger("TokenBucket", "burst", options.burst);
    this.#clock = options.clock ?? realClock;
    this.#tokens = this.#burst;
  }

  /** Takes `n` tokens now (see {@link reserveAt}). */
  reserve(n = 1): Reservation {
    return this.reserveAt(this.#clock.now(), n);
  }

  /** True when `n` tokens are available now without waiting; takes them only then. */
  allow(n = 1): boolean {
    return this.allowAt(this.#clock.now(), n);
  }

  /** Tokens that would be available at time `atMs` (without taking any). */
  tokensAt(atMs: number): number {
    return this.#advance(atMs);
  }

  /** Takes `n` tokens at time `atMs`, Go's `ReserveN(t, n)`: not ok (and nothing taken) if `n` exceeds the burst. */
  reserveAt(atMs: number, n = 1): Reservation {
    return this.#reserve(atMs, n, Number.POSITIVE_INFINITY);
  }

  /** Go's `AllowN(t, n)`: takes the tokens only if no wait is needed. */
  allowAt(atMs: number, n = 1): boolean {
    return this.#reserve(atMs, n, 0).ok;
  }

  #reserve(t: number, n: number, maxWaitNs: number): Reservation {
    requireNonNegativeInteger("TokenBucket.reserve", "n", n);
    if (this.#qps === Number.POSITIVE_INFINITY) return { ok: true, delayMs: 0 };
    if (this.#qps === 0) {
      if (this.#burst < n) return { ok: false, delayMs: Number.POSITIVE_INFINITY };
      this.#burst -= n;
      return { ok: true, delayMs: 0 };
    }
    const tokens = this.#advance(t) - n;
    const waitNs = tokens < 0 ? this.#nsFromTokens(-tokens) : 0;
    const ok = n <= this.#burst && waitNs <= maxWaitNs;
    if (!ok) return { ok: false, delayMs: Number.POSITIVE_INFINITY };
    this.#last = t;
    this.#tokens = tokens;
    return { ok: true, delayMs: waitNs / NS_PER_MS };
  }

  #advance(t: number): number {
    const last = Math.min(t, this.#last);
    const elapsedMs = t - last;
    const tokens = this.#tokens + (elapsedMs / 1000) * this.#qps;
    return Math.min(tokens, this.#burst);
  }

  #nsFromTokens(tokens: number): number {
    const ns = (tokens / this.#qps) * 1e9;
    return ns >= MAX_DURATION_NS ? Number.POSITIVE_INFINITY : Math.trunc(ns);
  }
}
