import { recorderOf } from "./queue.js";
import type { RateLimitingQueue } from "./rate-limiting-queue.js";
import { requireNonNegative } from "./validate.js";

/** What a handler may return: nothing (done), or a request to look at the item again later. */
export type HandlerResult = undefined | { readonly requeueAfterMs: number };

export interface HandlerContext {
  /** Aborted when the worker pool's `signal` is aborted; pass it to I/O so a stop does not wait for slow calls. */
  readonly signal: AbortSignal;
  /** `queue.numRequeues(item)` when this attempt started: 0 unless it failed before or came in by `addRateLimited`. */
  readonly retries: number;
}

/** Why an item was dropped after a failure. */
export type DropReason = "maxRetries" | "notRetryable" | "shutdown";

export interface DropInfo {
  readonly reason: DropReason;
  /** The error of the last attempt. */
  readonly error: unknown;
  /** `numRequeues` at the time of the drop (before `forget`). */
  readonly retries: number;
}

export interface RunWorkersOptions<T> {
  /** Number of items handled at once (integer ≥ 1). Each item is handled by one worker at a time, whatever this is. */
  concurrency: number;
  /**
   * Handles one item. Returning (or resolving) means success: the item is forgotten by the rate limiter, and
   * re-added after `requeueAfterMs` if the result asks for it. Throwing (or rejecting) means failure: the item is
   * retried with `addRateLimited` while `retries < maxRetries` and `isRetryable(error)`, otherwise dropped.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: lets `async (item) => { ... }` (Promise<void>) be a handler.
  handler: (item: T, context: HandlerContext) => HandlerResult | void | Promise<HandlerResult | void>;
  /** Rate-limited retries before an item is dropped (client-go's example: 5). Default: unlimited. */
  maxRetries?: number;
  /** Default: every error is retryable. */
  isRetryable?: (error: unknown, item: T) => boolean;
  /** Called for every failed attempt, before the retry or drop. */
  onError?: (error: unknown, item: T, retries: number) => void;
  /** Called when an item is dropped (it was forgotten and will be `done`; a later `add` processes it again). */
  onDrop?: (item: T, info: DropInfo) => void;
  /** Stops the workers: no new item is taken, handlers see `context.signal` aborted, `done` still follows. */
  signal?: AbortSignal;
}

/** A running set of workers. */
export interface WorkerPool {
  /** Resolves when every worker has stopped (queue shut down and empty, or `signal` aborted) and every item is done. */
  readonly stopped: Promise<void>;
  /** Workers currently inside a handler. */
  busy(): number;
}

/**
 * Runs `concurrency` workers over `queue`, each looping get → handler → done. The pool owns the get/done pairing:
 * `done` runs exactly once for every item it takes, on every path (success, failure, retry, drop, a handler that
 * throws synchronously or returns a rejected promise, a throwing hook, stop, shutdown). A handler that never settles
 * keeps its item (and key) in processing; that is the one thing the pool cannot decide for you.
 *
 * Workers exit when the queue is shut down and empty, or when `signal` aborts (after their current item).
 */
export function runWorkers<T, K>(queue: RateLimitingQueue<T, K>, options: RunWorkersOptions<T>): WorkerPool {
  const where = "runWorkers";
  if (typeof options !== "object" || options === null)
    throw new TypeError(`${where}: options must be an object`);
  const { concurrency, handler, onError, onDrop, signal } = options;
  if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`${where}: concurrency must be an integer >= 1, got ${String(concurrency)}`);
  }
  if (typeof handler !== "function") throw new TypeError(`${where}: handler must be a function`);
  const maxRetries = requireNonNegative(
    where,
    "maxRetries",
    options.maxRetries ?? Number.POSITIVE_INFINITY,
    true,
  );
  const isRetryable = options.isRetryable ?? (() => true);
  const busyGauge = recorderOf(queue).busyWorkers;
  const handlerSignal = signal ?? new AbortController().signal;
  let busy = 0;

  // A hook that throws is a bug in the caller: it must not leak the item or kill the worker, and it must not vanish.
  const rethrowLater = (error: unknown) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  const retryable = (error: unknown, item: T): boolean => {
    try {
      return isRetryable(error, item);
    } catch (hookError) {
      rethrowLater(hookError);
      return false;
    }
  };

  const fail = (item: T, error: unknown, retries: number) => {
    try {
      onError?.(error, item, retries);
    } catch (hookError) {
      rethrowLater(hookError);
    }
    let reason: DropReason | undefined;
    if (queue.shuttingDown()) reason = "shutdown";
    else if (!retryable(error, item)) reason = "notRetryable";
    else if (retries >= maxRetries) reason = "maxRetries";
    if (reason === undefined) {
      queue.addRateLimited(item);
      return;
    }
    queue.forget(item);
    onDrop?.(item, { reason, error, retries });
  };

  const succeed = (item: T, result: unknown) => {
    queue.forget(item);
    // Only an explicit `{ requeueAfterMs: <number> }` asks for a later look; any other value is plain success.
    const after =
      typeof result === "object" && result !== null
        ? (result as { requeueAfterMs?: unknown }).requeueAfterMs
        : undefined;
    if (typeof after === "number" && !Number.isNaN(after)) queue.addAfter(item, after);
  };

  const processOne = async (item: T): Promise<void> => {
    busy++;
    busyGauge?.inc();
    const retries = queue.numRequeues(item);
    try {
      let result: unknown;
      try {
        const returned = handler(item, { signal: handlerSignal, retries });
        result = isPromiseLike(returned) ? await returned : returned;
      } catch (error) {
        fail(item, error, retries);
        return;
      }
      succeed(item, result);
    } catch (hookError) {
      rethrowLater(hookError);
    } finally {
      busy--;
      busyGauge?.dec();
      queue.done(item);
    }
  };

  const worker = async (): Promise<void> => {
    while (!handlerSignal.aborted) {
      let next: Awaited<ReturnType<typeof queue.get>>;
      try {
        next = await queue.get(signal === undefined ? undefined : { signal });
      } catch {
        return; // aborted while waiting: nothing was taken
      }
      if (next.shutdown) return;
      await processOne(next.item);
    }
  };

  const workers: Promise<void>[] = [];
  for (let i = 0; i < concurrency; i++) workers.push(worker());
  return {
    stopped: Promise.all(workers).then(() => undefined),
    busy: () => busy,
  };
}

function isPromiseLike<V>(value: V | PromiseLike<V>): value is PromiseLike<V> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
