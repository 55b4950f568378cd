/** Time as `retry` sees it: injectable so tests run on a fake clock and never sleep. */
export interface Clock {
  /** Milliseconds on any monotonic scale. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** The real clock: `performance.now()` and `setTimeout`, with the timer cleared at once on abort. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A clock for tests. `sleep` waits until `advance` moves time past its deadline. With `{ auto: true }` time jumps
 * by itself: whenever the program is idle (nothing left but sleeps), the earliest sleep completes and time moves to
 * its deadline, so a whole retry schedule runs instantly in virtual time. Auto mode suits work that does no real
 * I/O: a pending socket read does not count as busy, so an attempt timeout would fire at once.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #auto: boolean;
  readonly #sleepers = new Set<Sleeper>();
  #waiters: Array<() => void> = [];
  /** Every sleep requested, in order, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(options: { start?: number; auto?: boolean } = {}) {
    this.#now = options.start ?? 0;
    this.#auto = options.auto ?? false;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleeps are waiting. */
  get pending(): number {
    return this.#sleepers.size;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#auto) this.#scheduleAutoStep();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.#now + ms,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers.delete(sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#sleepers.add(sleeper);
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w();
    });
  }

  #autoScheduled = false;

  /** Auto mode: once the program has nothing else to run (a macrotask later), wake the earliest sleeper. */
  #scheduleAutoStep(): void {
    if (this.#autoScheduled) return;
    this.#autoScheduled = true;
    setImmediate(() => {
      this.#autoScheduled = false;
      const next = this.#earliest(Number.POSITIVE_INFINITY);
      if (next === undefined) return;
      this.#sleepers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      if (this.#sleepers.size > 0) this.#scheduleAutoStep();
    });
  }

  #earliest(limit: number): Sleeper | undefined {
    let next: Sleeper | undefined;
    for (const s of this.#sleepers) {
      if (s.at <= limit && (next === undefined || s.at < next.at || (s.at === next.at && s.seq < next.seq)))
        next = s;
    }
    return next;
  }

  /** Resolves once at least one sleep is pending (at once if one already is). */
  whenSleeping(): Promise<void> {
    if (this.#sleepers.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /**
   * Moves time forward by `ms`, waking each due sleeper in deadline order and letting its continuation run
   * (which may sleep again, and is woken too if it falls due within the same advance).
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      let next: Sleeper | undefined;
      for (const s of this.#sleepers) {
        if (
          s.at <= target &&
          (next === undefined || s.at < next.at || (s.at === next.at && s.seq < next.seq))
        ) {
          next = s;
        }
      }
      if (next === undefined) break;
      this.#sleepers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      await new Promise<void>((r) => setImmediate(r));
    }
    this.#now = target;
    await new Promise<void>((r) => setImmediate(r));
  }
}
