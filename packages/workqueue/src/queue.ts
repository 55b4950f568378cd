import { type Clock, realClock } from "./clock.js";
import { primitiveKey } from "./key.js";
import type { QueueMetricsProvider } from "./metrics.js";
import {
  DEFAULT_METRICS_UPDATE_PERIOD_MS,
  type MetricsRecorder,
  NOOP_RECORDER,
  QueueMetricsRecorder,
} from "./queue-metrics.js";
import { FifoStorage, type QueueStorage } from "./storage.js";

/** Options shared by every queue (client-go's `TypedQueueConfig`). */
export interface QueueOptions<T, K = T> {
  /** Names the queue in metrics. Metrics are recorded only when both `name` and `metrics` are given. */
  name?: string;
  metrics?: QueueMetricsProvider;
  /** Time source for delays, metrics and the default rate limiter. Default: {@link realClock}. */
  clock?: Clock;
  /**
   * Identity of an item: two items with the same key are the same work. Default: the item itself, accepted for
   * primitives only (see {@link primitiveKey}).
   */
  key?: (item: T) => K;
  /** Storage of ready items. Default: a new {@link FifoStorage}. */
  storage?: QueueStorage<T>;
  /** Period of the unfinished-work / longest-running gauges. Default 500 ms (client-go). */
  metricsUpdatePeriodMs?: number;
}

/** What {@link Queue.get} resolves to. */
export type GetResult<T> = { readonly shutdown: false; readonly item: T } | { readonly shutdown: true };

export interface GetOptions {
  /** Aborting rejects a pending `get` with `signal.reason` (the queue is unchanged: no item is taken). */
  signal?: AbortSignal;
}

export interface DrainOptions {
  /** Aborting gives up waiting: it acts as {@link Queue.shutDown}, and the drain promise resolves. */
  signal?: AbortSignal;
}

interface Waiter<T> {
  resolve: (result: GetResult<T>) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  settled: boolean;
}

const SHUTDOWN: GetResult<never> = Object.freeze({ shutdown: true });
const RESOLVED_SHUTDOWN: Promise<GetResult<never>> = Promise.resolve(SHUTDOWN);

const recorders = new WeakMap<object, MetricsRecorder<unknown>>();

/** Internal (not exported from the package): the recorder of a queue, for the worker API's busy-workers gauge. */
export function recorderOf(queue: object): MetricsRecorder<unknown> {
  return recorders.get(queue) ?? NOOP_RECORDER;
}

/**
 * client-go's work queue. Guarantees: items are handed out in order of their first `add` (per the storage); an item
 * added several times before it is handed out is handed out once; an item is never handed out again before `done`
 * for it; an item added while it is being processed is handed out again after its `done`.
 */
export class Queue<T, K = T> {
  readonly name: string;
  protected readonly clock: Clock;
  protected readonly keyOf: (item: T) => K;
  protected readonly recorder: MetricsRecorder<K>;
  readonly #storage: QueueStorage<T>;
  readonly #dirty = new Map<K, T>();
  readonly #processing = new Set<K>();
  #waiters: (Waiter<T> | undefined)[] = [];
  #waiterHead = 0;
  #drainWaiters: (() => void)[] = [];
  #shuttingDown = false;
  #drain = false;

  constructor(options: QueueOptions<T, K> = {}) {
    const { name = "", metrics, clock = realClock, key, storage } = options;
    if (typeof name !== "string")
      throw new TypeError(`workqueue: options.name must be a string, got ${typeof name}`);
    if (key !== undefined && typeof key !== "function") {
      throw new TypeError("workqueue: options.key must be a function (item) => key");
    }
    const period = options.metricsUpdatePeriodMs ?? DEFAULT_METRICS_UPDATE_PERIOD_MS;
    if (!(period > 0) || !Number.isFinite(period)) {
      throw new TypeError(
        `workqueue: options.metricsUpdatePeriodMs must be a finite number > 0, got ${period}`,
      );
    }
    this.name = name;
    this.clock = clock;
    this.keyOf = key ?? (primitiveKey as (item: T) => K);
    this.#storage = storage ?? new FifoStorage<T>();
    this.recorder =
      name !== "" && metrics !== undefined
        ? new QueueMetricsRecorder<K>(name, metrics, clock, period)
        : (NOOP_RECORDER as MetricsRecorder<K>);
    recorders.set(this, this.recorder as MetricsRecorder<unknown>);
  }

  /**
   * Marks `item` as needing processing. Ignored once shutting down. An item already waiting is not added twice;
   * an item being processed is remembered and handed out again after its `done`.
   */
  add(item: T): void {
    if (this.#shuttingDown) return;
    const key = this.keyOf(item);
    if (this.#dirty.has(key)) {
      if (!this.#processing.has(key)) this.#storage.touch(item);
      return;
    }
    this.recorder.add(key);
    this.#dirty.set(key, item);
    if (this.#processing.has(key)) return;
    this.#pushAndWake(item);
  }

  /** Items ready to be handed out (not counting items being processed, nor items re-added while processed). */
  len(): number {
    return this.#storage.len();
  }

  /**
   * Resolves with the next item once one is ready, or with `{ shutdown: true }` once the queue is shutting down and
   * empty. After shutdown, items still queued are handed out first. Every item received must be passed to `done`
   * exactly once: prefer {@link runWorkers}, which does that on every path.
   */
  get(options?: GetOptions): Promise<GetResult<T>> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#storage.len() > 0) return Promise.resolve({ shutdown: false, item: this.#take() });
    if (this.#shuttingDown) return RESOLVED_SHUTDOWN;
    return new Promise<GetResult<T>>((resolve, reject) => {
      const waiter: Waiter<T> = { resolve, reject, signal, onAbort: undefined, settled: false };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          if (waiter.settled) return;
          waiter.settled = true;
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
    });
  }

  /**
   * Marks the processing of `item` finished. If it was added again meanwhile it is queued again. `done` of an item
   * that is not being processed is a no-op counted by the `invalidDone` metric (client-go would queue it twice).
   */
  done(item: T): void {
    const key = this.keyOf(item);
    if (!this.#processing.delete(key)) {
      this.recorder.invalidDone();
      return;
    }
    this.recorder.done(key);
    const dirty = this.#dirty.get(key);
    if (dirty !== undefined || this.#dirty.has(key)) this.#pushAndWake(dirty as T);
    if (this.#drain && this.#processing.size === 0) this.#releaseDrain();
  }

  /**
   * Stops accepting items and resolves waiting `get` calls with `{ shutdown: true }`. Does not wait for items being
   * processed. Releases a pending {@link shutDownWithDrain}. Idempotent.
   */
  shutDown(): void {
    this.#drain = false;
    this.#beginShutdown();
    this.#releaseDrain();
  }

  /**
   * Like {@link shutDown}, then resolves once no item is being processed (items still queued are not waited for;
   * workers may still `get` them). A later `shutDown()` or an aborted `signal` resolves it early.
   */
  shutDownWithDrain(options?: DrainOptions): Promise<void> {
    this.#drain = true;
    this.#beginShutdown();
    if (this.#processing.size === 0) return Promise.resolve();
    const signal = options?.signal;
    if (signal?.aborted) {
      this.shutDown();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      if (signal === undefined) {
        this.#drainWaiters.push(resolve);
        return;
      }
      const onAbort = () => this.shutDown();
      signal.addEventListener("abort", onAbort, { once: true });
      this.#drainWaiters.push(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Subclasses release their own resources here; runs once, on the first shutdown call. */
  protected onShutdown(): void {}

  #beginShutdown(): void {
    if (!this.#shuttingDown) {
      this.#shuttingDown = true;
      this.recorder.stop();
      this.onShutdown();
    }
    // Waiters exist only while the storage is empty.
    if (this.#storage.len() === 0) {
      for (let w = this.#nextWaiter(); w !== undefined; w = this.#nextWaiter()) w.resolve(SHUTDOWN);
    }
  }

  #releaseDrain(): void {
    const waiters = this.#drainWaiters;
    if (waiters.length === 0) return;
    this.#drainWaiters = [];
    for (const release of waiters) release();
  }

  #pushAndWake(item: T): void {
    this.#storage.push(item);
    while (this.#storage.len() > 0) {
      const waiter = this.#nextWaiter();
      if (waiter === undefined) return;
      waiter.resolve({ shutdown: false, item: this.#take() });
    }
  }

  #take(): T {
    const item = this.#storage.pop();
    const key = this.keyOf(item);
    this.recorder.get(key);
    this.#processing.add(key);
    this.#dirty.delete(key);
    return item;
  }

  /** Dequeues the next live waiter and marks it settled. */
  #nextWaiter(): Waiter<T> | undefined {
    const waiters = this.#waiters;
    while (this.#waiterHead < waiters.length) {
      const w = waiters[this.#waiterHead] as Waiter<T>;
      waiters[this.#waiterHead] = undefined;
      this.#waiterHead++;
      if (this.#waiterHead === waiters.length) {
        waiters.length = 0;
        this.#waiterHead = 0;
      }
      if (w.settled) continue;
      w.settled = true;
      if (w.onAbort !== undefined) w.signal?.removeEventListener("abort", w.onAbort);
      return w;
    }
    return undefined;
  }
}
