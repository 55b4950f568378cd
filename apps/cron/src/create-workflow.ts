import { isAlreadyExists } from "@weft/kube";
import { classify, type RetryHooks, type RetryOptions, retry } from "@weft/retry";
import { type Clock, retryClock } from "./clock.js";
import { errorMessage } from "./error-message.js";
import type { CreateOutcome } from "./tick-outcome.js";
import type { Workflow } from "./types.js";

export interface CreateOptions {
  readonly create: (workflow: Workflow, signal: AbortSignal) => Promise<Workflow>;
  readonly clock: Clock;
  /** Backoff (default `presets.cronCreate`: 100 ms first delay, 3 retries). */
  readonly retry: RetryOptions;
  /** Epoch ms after which no new attempt starts and a running one is cut (the per-tick deadline). */
  readonly deadlineMs: number;
  readonly attemptTimeoutMs?: number | undefined;
  readonly hooks?: RetryHooks | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly random?: (() => number) | undefined;
}

const EXISTS = Symbol("exists");

/**
 * Creates one tick's Workflow: transient errors are retried with backoff until the per-tick deadline;
 * `AlreadyExists` means the tick is done (the name is deterministic); anything else is permanent and not retried.
 */
export async function createWorkflowWithRetry(
  workflow: Workflow,
  options: CreateOptions,
): Promise<CreateOutcome> {
  let attempts = 0;
  const remaining = options.deadlineMs - options.clock.now();
  if (remaining <= 0) {
    return {
      kind: "transient",
      error: new Error("per-tick deadline passed"),
      message: "per-tick deadline passed",
      attempts,
    };
  }
  try {
    const result = await retry<Workflow | typeof EXISTS>(
      async ({ signal }) => {
        attempts++;
        try {
          return await options.create(workflow, signal);
        } catch (error) {
          if (isAlreadyExists(error)) return EXISTS;
          throw error;
        }
      },
      {
        ...options.retry,
        maxElapsedMs: remaining,
        ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
        clock: retryClock(options.clock),
        operation: "create_cron_workflow_child",
        ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.random === undefined ? {} : { random: options.random }),
      },
    );
    if (result === EXISTS) return { kind: "exists", attempts };
    return { kind: "created", workflow: result, attempts };
  } catch (error) {
    if (options.signal?.aborted === true && error === options.signal.reason) throw error;
    const verdict = classify(error);
    return verdict.transient
      ? { kind: "transient", error, message: errorMessage(error), attempts }
      : { kind: "permanent", error, message: errorMessage(error), attempts };
  }
}
