import type { Counter, Meter } from "@opentelemetry/api";
import { BUILTIN } from "./builtin-names.js";

/*
 * Structural copies of `@weft/retry`'s hook types (this package does not import it); test/retry-compat.test.ts
 * passes the hooks to the real `retry()`.
 */

/** The part of `@weft/retry`'s Verdict the counters use. */
export interface RetryVerdictLike {
  readonly transient: boolean;
  readonly classifier: string;
}

export interface RetryAttemptEvent {
  readonly operation: string;
  readonly attempt: number;
}

export interface RetryRetryEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly verdict: RetryVerdictLike;
}

export interface RetrySuccessEvent {
  readonly operation: string;
  readonly attempts: number;
}

export interface RetryGiveUpEvent {
  readonly operation: string;
  readonly attempts: number;
  readonly verdict: RetryVerdictLike;
  readonly reason: string;
}

/** Compatible with `@weft/retry`'s `RetryHooks`. */
export interface RetryMetricsHooks {
  onAttempt(event: RetryAttemptEvent): void;
  onRetry(event: RetryRetryEvent): void;
  onSuccess(event: RetrySuccessEvent): void;
  onGiveUp(event: RetryGiveUpEvent): void;
}

export interface RetryCounters {
  readonly attempts: Counter;
  readonly retries: Counter;
  readonly giveUps: Counter;
}

export function createRetryCounters(meter: Meter): RetryCounters {
  return {
    attempts: meter.createCounter(BUILTIN.retryAttempts, {
      description: "Attempts started by retry, by operation",
    }),
    retries: meter.createCounter(BUILTIN.retries, {
      description: "Retries scheduled after a transient error, by operation, verdict and classifier",
    }),
    giveUps: meter.createCounter(BUILTIN.retryGiveUps, {
      description: "Operations that stopped retrying, by operation, verdict, classifier and reason",
    }),
  };
}

function verdictOf(verdict: RetryVerdictLike): string {
  return verdict.transient ? "transient" : "permanent";
}

/**
 * Hooks for `retry(fn, { hooks })` that count attempts (`retry_attempts_total{operation}`), retries
 * (`retries_total{operation,verdict,classifier}`) and give-ups (`retry_give_ups_total{operation,verdict,classifier,reason}`).
 * `operation`, when given, replaces the event's operation name as the label.
 */
export function retryMetricsHooks(counters: RetryCounters, operation?: string): RetryMetricsHooks {
  const op = (event: { readonly operation: string }): string => operation ?? event.operation;
  return {
    onAttempt(event) {
      counters.attempts.add(1, { operation: op(event) });
    },
    onRetry(event) {
      counters.retries.add(1, {
        operation: op(event),
        verdict: verdictOf(event.verdict),
        classifier: event.verdict.classifier,
      });
    },
    onSuccess() {},
    onGiveUp(event) {
      counters.giveUps.add(1, {
        operation: op(event),
        verdict: verdictOf(event.verdict),
        classifier: event.verdict.classifier,
        reason: event.reason,
      });
    },
  };
}
