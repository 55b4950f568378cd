import type { RetryOptions } from "./options.js";

/**
 * Backoffs of the systems Weft reproduces. `maxAttempts` is their `Steps`: attempts in all, so a preset of 5 steps
 * waits at most 4 times. Spread one and add what the call needs: `{ ...presets.ossDriver, operation: "oss.put" }`.
 */
export const presets = {
  /** Argo `retry.DefaultRetry`: 5 steps from 10 ms, x2, no jitter (waits 10, 20, 40, 80 ms). */
  argoDefault: { maxAttempts: 5, baseDelayMs: 10, factor: 2, jitter: 0, maxDelayMs: 30_000 },
  /** Argo `ExecutorRetry` (the S3 driver's Load/Save/List): 5 steps from 1 s, x1.6, jitter 0.5. */
  argoExecutor: {
    maxAttempts: 5,
    baseDelayMs: 1000,
    factor: 1.6,
    jitter: 0.5,
    jitterMode: "proportional",
    maxDelayMs: 60_000,
  },
  /** Alias of `argoExecutor`, as the S3 artifact driver uses it. */
  s3Executor: {
    maxAttempts: 5,
    baseDelayMs: 1000,
    factor: 1.6,
    jitter: 0.5,
    jitterMode: "proportional",
    maxDelayMs: 60_000,
  },
  /** Argo OSS driver `defaultRetry`: 5 steps from 2 s, x2, jitter 0.1, no cap. */
  ossDriver: {
    maxAttempts: 5,
    baseDelayMs: 2000,
    factor: 2,
    jitter: 0.1,
    jitterMode: "proportional",
    maxDelayMs: Number.POSITIVE_INFINITY,
  },
  /** Argo GCS driver: as OSS, capped at 10 minutes. */
  gcsDriver: {
    maxAttempts: 5,
    baseDelayMs: 2000,
    factor: 2,
    jitter: 0.1,
    jitterMode: "proportional",
    maxDelayMs: 600_000,
  },
  /** client-go `retry.DefaultBackoff`: 4 steps from 10 ms, x5, jitter 0.1. */
  clientGoDefault: {
    maxAttempts: 4,
    baseDelayMs: 10,
    factor: 5,
    jitter: 0.1,
    jitterMode: "proportional",
    maxDelayMs: 30_000,
  },
  /** client-go `retry.DefaultRetry` (conflict retries): 5 steps of 10 ms, x1, jitter 0.1. */
  clientGoRetry: {
    maxAttempts: 5,
    baseDelayMs: 10,
    factor: 1,
    jitter: 0.1,
    jitterMode: "proportional",
    maxDelayMs: 30_000,
  },
  /** Argo hydrator `readRetry`: 5 steps from 100 ms, x2. */
  hydratorRead: { maxAttempts: 5, baseDelayMs: 100, factor: 2, jitter: 0, maxDelayMs: 30_000 },
  /** Argo hydrator `writeRetry`: 5 steps from 1 s, x2. */
  hydratorWrite: { maxAttempts: 5, baseDelayMs: 1000, factor: 2, jitter: 0, maxDelayMs: 30_000 },
  /** Weft cron workflow creation: first retry after 100 ms, 3 retries, x2, jitter 0.1 so many crons do not align. */
  cronCreate: {
    maxAttempts: 4,
    baseDelayMs: 100,
    factor: 2,
    jitter: 0.1,
    jitterMode: "proportional",
    maxDelayMs: 10_000,
  },
} as const satisfies Record<string, RetryOptions>;

export type PresetName = keyof typeof presets;
