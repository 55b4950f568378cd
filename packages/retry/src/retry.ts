import { AttemptTimeoutError } from "./attempt-timeout-error.js";
import { backoffDelay, type Schedule } from "./backoff.js";
import type { RetryBudget } from "./budget.js";
import { classify as classifyWithDefaults } from "./classify.js";
import { type Clock, systemClock } from "./clock.js";
import { type GiveUpReason, type RetryHooks, type RetryOptions, validateOptions } from "./options.js";
import type { Verdict } from "./verdict.js";

/** What each attempt receives. */
export interface AttemptContext {
  /** 1-based. */
  readonly attempt: number;
  /** Aborts when the caller's signal aborts or the attempt times out; pass it on to the I/O. */
  readonly signal: AbortSignal;
}

export type Attempt<T> = (ctx: AttemptContext) => T | PromiseLike<T>;

const NEVER = new AbortController().signal;

function safely(hook: (() => void) | undefined): void {
  if (hook === undefined) return;
  try {
    hook();
  } catch {
    // hooks observe; they never change the outcome
  }
}

function isTimeout(err: unknown): boolean {
  if (err instanceof AttemptTimeoutError) return true;
  const rec = typeof err === "object" && err !== null ? (err as { name?: unknown; code?: unknown }) : {};
  return rec.name === "TimeoutError" || rec.code === "ETIMEDOUT";
}

const ABORTED: Verdict = { transient: false, classifier: "signal", reason: "aborted by the caller" };
const TIMEOUT_VERDICT: Verdict = { transient: true, classifier: "retry", reason: "attempt timed out" };

/**
 * A validated, reusable retry configuration. Construct once (bad options throw a `TypeError` here, not at the
 * first failure), then `execute` as often as needed, each call with its own signal if wanted.
 */
export class RetryPolicy {
  readonly options: Readonly<RetryOptions>;
  readonly #schedule: Schedule;
  readonly #maxAttempts: number;
  readonly #maxElapsedMs: number;
  readonly #attemptTimeoutMs: number;
  readonly #operation: string;
  readonly #classify: (err: unknown) => Verdict;
  readonly #hooks: RetryHooks;
  readonly #budget: RetryBudget | undefined;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #signal: AbortSignal | undefined;

  constructor(options: RetryOptions = {}) {
    validateOptions(options);
    this.options = Object.freeze({ ...options });
    const jitter =
      options.jitter ?? (options.jitterMode === "full" || options.jitterMode === "equal" ? 1 : 0);
    this.#schedule = {
      baseDelayMs: options.baseDelayMs ?? 100,
      factor: options.factor ?? 2,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      jitter,
      jitterMode: options.jitterMode ?? (jitter > 0 ? "proportional" : "none"),
    };
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#maxElapsedMs = options.maxElapsedMs ?? Number.POSITIVE_INFINITY;
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? Number.POSITIVE_INFINITY;
    this.#operation = options.operation ?? "operation";
    this.#classify = options.classify ?? classifyWithDefaults;
    this.#hooks = options.hooks ?? {};
    this.#budget = options.budget;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#signal = options.signal;
  }

  /** A new policy with some options replaced. */
  with(overrides: RetryOptions): RetryPolicy {
    return new RetryPolicy({ ...this.options, ...overrides });
  }

  /** The wait before retry number `retry` (1-based), for a random draw `r` (tests and docs). */
  delayFor(retry: number, r = 0, retryAfterMs?: number): number {
    return backoffDelay(this.#schedule, retry, () => r, retryAfterMs);
  }

  /**
   * Runs `fn` until it succeeds, fails permanently, or a limit is reached. Rejects with the last error itself
   * (so `instanceof` checks on it keep working), or with `signal.reason` when aborted.
   */
  execute<T>(fn: Attempt<T>, signal: AbortSignal | undefined = this.#signal): Promise<T> {
    if (signal !== undefined || this.#isBounded) return this.#run(fn, signal, undefined);
    // Fast path (no signal, no time limits): the first attempt runs without an extra async frame.
    const hooks = this.#hooks;
    safely(hooks.onAttempt && (() => hooks.onAttempt?.({ operation: this.#operation, attempt: 1 })));
    let first: T | PromiseLike<T>;
    try {
      first = fn({ attempt: 1, signal: NEVER });
    } catch (error) {
      return this.#run(fn, undefined, { error });
    }
    const retryAfter = (error: unknown): Promise<T> => this.#run(fn, undefined, { error });
    if (this.#budget === undefined && hooks.onSuccess === undefined)
      return Promise.resolve(first).then(undefined, retryAfter);
    return Promise.resolve(first).then((value) => {
      this.#budget?.release(this.#budget.successRefill);
      safely(hooks.onSuccess && (() => hooks.onSuccess?.({ operation: this.#operation, attempts: 1 })));
      return value;
    }, retryAfter);
  }

  get #isBounded(): boolean {
    return (
      this.#attemptTimeoutMs !== Number.POSITIVE_INFINITY || this.#maxElapsedMs !== Number.POSITIVE_INFINITY
    );
  }

  /** The retry loop; `failed` is the outcome of a first attempt the fast path already ran. */
  async #run<T>(
    fn: Attempt<T>,
    signal: AbortSignal | undefined,
    failed: { error: unknown } | undefined,
  ): Promise<T> {
    const hooks = this.#hooks;
    const operation = this.#operation;
    const clock = this.#clock;
    const budget = this.#budget;
    const bounded = this.#isBounded;
    const deadline = (bounded ? clock.now() : 0) + this.#maxElapsedMs;
    let tokens = 0;
    const giveUp = (attempts: number, error: unknown, verdict: Verdict, reason: GiveUpReason): unknown => {
      safely(hooks.onGiveUp && (() => hooks.onGiveUp?.({ operation, attempts, error, verdict, reason })));
      return error;
    };

    for (let attempt = 1; ; attempt++) {
      let error: unknown;
      if (attempt === 1 && failed !== undefined) {
        error = failed.error;
      } else {
        if (signal?.aborted) throw giveUp(attempt - 1, signal.reason, ABORTED, "aborted");
        safely(hooks.onAttempt && (() => hooks.onAttempt?.({ operation, attempt })));
        try {
          const result =
            bounded || signal
              ? await this.#bounded(fn, attempt, signal, deadline)
              : await fn({ attempt, signal: NEVER });
          if (budget) budget.release(tokens > 0 ? tokens : budget.successRefill);
          safely(hooks.onSuccess && (() => hooks.onSuccess?.({ operation, attempts: attempt })));
          return result;
        } catch (e) {
          error = e;
        }
      }
      if (signal?.aborted) throw giveUp(attempt, signal.reason, ABORTED, "aborted");
      const verdict = error instanceof AttemptTimeoutError ? TIMEOUT_VERDICT : this.#classify(error);
      if (!verdict.transient) throw giveUp(attempt, error, verdict, "permanent");
      if (attempt >= this.#maxAttempts) throw giveUp(attempt, error, verdict, "attempts");
      const delayMs = backoffDelay(this.#schedule, attempt, this.#random, verdict.retryAfterMs);
      if (bounded && clock.now() + delayMs >= deadline) throw giveUp(attempt, error, verdict, "deadline");
      if (budget) {
        const taken = budget.tryAcquire(isTimeout(error));
        if (taken === undefined) throw giveUp(attempt, error, verdict, "budget");
        tokens += taken;
      }
      safely(hooks.onRetry && (() => hooks.onRetry?.({ operation, attempt, error, delayMs, verdict })));
      if (delayMs > 0) {
        try {
          await clock.sleep(delayMs, signal);
        } catch (reason) {
          throw giveUp(attempt, reason, ABORTED, "aborted");
        }
      }
    }
  }

  /** One attempt raced against its timeout, the deadline and the caller's signal. */
  async #bounded<T>(
    fn: Attempt<T>,
    attempt: number,
    signal: AbortSignal | undefined,
    deadline: number,
  ): Promise<T> {
    const clock = this.#clock;
    const remaining = deadline - clock.now();
    const timeoutMs = Math.min(this.#attemptTimeoutMs, remaining);
    const attemptCtl = new AbortController();
    const timerCtl = new AbortController();
    const onAbort = (): void => attemptCtl.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const racers: Array<Promise<T>> = [];
      let work: Promise<T>;
      try {
        work = Promise.resolve(fn({ attempt, signal: attemptCtl.signal }));
      } catch (e) {
        work = Promise.reject(e);
      }
      work.catch(() => undefined); // a late failure of an abandoned attempt is not unhandled
      racers.push(work);
      racers.push(
        new Promise<T>((_, reject) => {
          attemptCtl.signal.addEventListener("abort", () => reject(attemptCtl.signal.reason), { once: true });
        }),
      );
      if (timeoutMs !== Number.POSITIVE_INFINITY) {
        const shown = Math.max(0, Math.round(timeoutMs));
        clock.sleep(Math.max(0, timeoutMs), timerCtl.signal).then(
          () => attemptCtl.abort(new AttemptTimeoutError(this.#operation, attempt, shown)),
          () => undefined,
        );
      }
      return await Promise.race(racers);
    } finally {
      timerCtl.abort();
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

/** Runs `fn` with retries; see `RetryPolicy.execute`. Pass a `RetryPolicy` to skip re-validating options. */
export function retry<T>(fn: Attempt<T>, options: RetryOptions | RetryPolicy = {}): Promise<T> {
  let policy: RetryPolicy;
  try {
    policy = options instanceof RetryPolicy ? options : new RetryPolicy(options);
  } catch (e) {
    return Promise.reject(e);
  }
  return policy.execute(fn);
}
