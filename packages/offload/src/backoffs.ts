import type { RetryOptions } from "@weft/retry";

/**
 * Argo hydrator `readRetry` (`workflow/hydrator/hydrator.go`): 5 steps from 100 ms, x2, no jitter; waits 0.1, 0.2,
 * 0.4, 0.8 s (3.1 s at most in all). Used for `get`, `list` and `listOld`.
 */
export const HYDRATOR_READ_RETRY = {
  maxAttempts: 5,
  baseDelayMs: 100,
  factor: 2,
  jitter: 0,
} as const satisfies RetryOptions;

/**
 * Argo hydrator `writeRetry`: 5 steps from 1 s, x2, no jitter; waits 1, 2, 4, 8 s. Used for `save`, `delete` and
 * migrations.
 */
export const HYDRATOR_WRITE_RETRY = {
  maxAttempts: 5,
  baseDelayMs: 1000,
  factor: 2,
  jitter: 0,
} as const satisfies RetryOptions;
