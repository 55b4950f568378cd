import type { RetryBudget } from "./budget.js";
import type { Clock } from "./clock.js";
import type { Verdict } from "./verdict.js";

export type JitterMode = "none" | "proportional" | "full" | "equal";

export type GiveUpReason = "permanent" | "attempts" | "deadline" | "aborted" | "budget";

/** Called around each attempt; a hook that throws is ignored, it never changes the outcome. */
export interface RetryHooks {
  /** Before every attempt (attempt is 1-based). */
  onAttempt?(e: { operation: string; attempt: number }): void;
  /** After a failed attempt that will be retried, before the wait. */
  onRetry?(e: {
    operation: string;
    attempt: number;
    error: unknown;
    delayMs: number;
    verdict: Verdict;
  }): void;
  onSuccess?(e: { operation: string; attempts: number }): void;
  /** Once, when retrying stops with a failure; `error` is what `retry` rejects with. */
  onGiveUp?(e: {
    operation: string;
    attempts: number;
    error: unknown;
    verdict: Verdict;
    reason: GiveUpReason;
  }): void;
}

export interface RetryOptions {
  /** Attempts in all, the first included (Argo's and client-go's `Steps`). >= 1, may be Infinity. Default 5. */
  readonly maxAttempts?: number;
  /** Wait before the first retry. >= 0. Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Each wait is the previous one times this. >= 1. Default 2. */
  readonly factor?: number;
  /** No wait is longer (Retry-After included). >= 0. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Share of randomness in [0, 1]; see `jitterMode`. Default 0. */
  readonly jitter?: number;
  /**
   * `proportional` (client-go): d * (1 + jitter * r); `full` (AWS): d * (1 - jitter * r), so jitter 1 is [0, d];
   * `equal`: d * (1 - jitter * r / 2), so jitter 1 is [d/2, d]; `none`. Default: proportional when jitter > 0.
   */
  readonly jitterMode?: JitterMode;
  /** Give up once this much time has gone by since the first attempt; an attempt is cut at this deadline. */
  readonly maxElapsedMs?: number;
  /** Abandon an attempt after this long (`AttemptTimeoutError`, transient); its signal aborts. */
  readonly attemptTimeoutMs?: number;
  /** Stops at once: the pending wait or attempt rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** Decides what is retried. Default: `classify` with every built-in classifier. */
  readonly classify?: (err: unknown) => Verdict;
  readonly hooks?: RetryHooks;
  /** Names the call in hooks and timeouts. Default "operation". */
  readonly operation?: string;
  /** A budget shared by many calls. */
  readonly budget?: RetryBudget;
  readonly clock?: Clock;
  /** Uniform in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

const KNOWN = new Set<string>([
  "maxAttempts",
  "baseDelayMs",
  "factor",
  "maxDelayMs",
  "jitter",
  "jitterMode",
  "maxElapsedMs",
  "attemptTimeoutMs",
  "signal",
  "classify",
  "hooks",
  "operation",
  "budget",
  "clock",
  "random",
]);

const JITTER_MODES: readonly JitterMode[] = ["none", "proportional", "full", "equal"];

function fail(option: string, rule: string, value: unknown): never {
  const shown = typeof value === "number" || typeof value === "string" ? JSON.stringify(value) : typeof value;
  throw new TypeError(`retry: option "${option}" ${rule}, got ${shown}`);
}

function num(
  option: string,
  value: unknown,
  min: number,
  opts: { infinite?: boolean; integer?: boolean } = {},
) {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value)) fail(option, "must be a number", value);
  if (value === Number.POSITIVE_INFINITY && opts.infinite) return;
  if (!Number.isFinite(value)) fail(option, "must be finite", value);
  if (opts.integer && !Number.isInteger(value)) fail(option, "must be an integer", value);
  if (value < min) fail(option, `must be >= ${min}`, value);
}

/** Throws a `TypeError` naming the first option that breaks its rule. */
export function validateOptions(options: RetryOptions): void {
  if (typeof options !== "object" || options === null) fail("options", "must be an object", options);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`retry: unknown option "${key}"`);
  }
  num("maxAttempts", options.maxAttempts, 1, { infinite: true, integer: true });
  num("baseDelayMs", options.baseDelayMs, 0);
  num("factor", options.factor, 1);
  num("maxDelayMs", options.maxDelayMs, 0, { infinite: true });
  num("maxElapsedMs", options.maxElapsedMs, 0, { infinite: true });
  num("attemptTimeoutMs", options.attemptTimeoutMs, 0, { infinite: true });
  if (options.attemptTimeoutMs === 0) fail("attemptTimeoutMs", "must be > 0", 0);
  if (options.jitter !== undefined) {
    num("jitter", options.jitter, 0);
    if (options.jitter > 1) fail("jitter", "must be within [0, 1]", options.jitter);
  }
  if (options.jitterMode !== undefined && !JITTER_MODES.includes(options.jitterMode)) {
    fail("jitterMode", `must be one of ${JITTER_MODES.join(", ")}`, options.jitterMode);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    fail("signal", "must be an AbortSignal", options.signal);
  }
  for (const fn of ["classify", "random"] as const) {
    if (options[fn] !== undefined && typeof options[fn] !== "function")
      fail(fn, "must be a function", options[fn]);
  }
  if (
    options.operation !== undefined &&
    (typeof options.operation !== "string" || options.operation === "")
  ) {
    fail("operation", "must be a non-empty string", options.operation);
  }
  if (options.hooks !== undefined && (typeof options.hooks !== "object" || options.hooks === null)) {
    fail("hooks", "must be an object", options.hooks);
  }
}
