import type { Clock, Timer } from "./clock.js";
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  QueueMetricsProvider,
  SettableGaugeMetric,
} from "./metrics.js";

/** client-go's update period of the unfinished-work and longest-running gauges. */
export const DEFAULT_METRICS_UPDATE_PERIOD_MS = 500;

/**
 * Internal: the bookkeeping behind a queue's metrics, with client-go's update points. Created only when the queue
 * has a name and a provider; otherwise the queue uses {@link NOOP_RECORDER} and pays nothing.
 */
export interface MetricsRecorder<K> {
  add(key: K): void;
  get(key: K): void;
  done(key: K): void;
  retry(): void;
  invalidDone(): void;
  readonly busyWorkers: GaugeMetric | undefined;
  stop(): void;
}

export const NOOP_RECORDER: MetricsRecorder<unknown> = {
  add() {},
  get() {},
  done() {},
  retry() {},
  invalidDone() {},
  busyWorkers: undefined,
  stop() {},
};

export class QueueMetricsRecorder<K> implements MetricsRecorder<K> {
  readonly #clock: Clock;
  readonly #depth: GaugeMetric;
  readonly #adds: CounterMetric;
  readonly #latency: HistogramMetric;
  readonly #workDuration: HistogramMetric;
  readonly #unfinished: SettableGaugeMetric;
  readonly #longest: SettableGaugeMetric;
  readonly #retries: CounterMetric;
  readonly #invalidDone: CounterMetric | undefined;
  readonly busyWorkers: GaugeMetric | undefined;
  readonly #addTimes = new Map<K, number>();
  readonly #processingStart = new Map<K, number>();
  readonly #periodMs: number;
  #timer: Timer | undefined;
  #stopped = false;

  constructor(name: string, provider: QueueMetricsProvider, clock: Clock, periodMs: number) {
    this.#clock = clock;
    this.#depth = provider.newDepthMetric(name);
    this.#adds = provider.newAddsMetric(name);
    this.#latency = provider.newLatencyMetric(name);
    this.#workDuration = provider.newWorkDurationMetric(name);
    this.#unfinished = provider.newUnfinishedWorkSecondsMetric(name);
    this.#longest = provider.newLongestRunningProcessorSecondsMetric(name);
    this.#retries = provider.newRetriesMetric(name);
    this.#invalidDone = provider.newInvalidDoneMetric?.(name);
    this.busyWorkers = provider.newBusyWorkersMetric?.(name);
    this.#periodMs = periodMs;
    this.#arm();
  }

  add(key: K): void {
    this.#adds.inc();
    this.#depth.inc();
    if (!this.#addTimes.has(key)) this.#addTimes.set(key, this.#clock.now());
  }

  get(key: K): void {
    this.#depth.dec();
    const now = this.#clock.now();
    this.#processingStart.set(key, now);
    const added = this.#addTimes.get(key);
    if (added !== undefined) {
      this.#latency.observe((now - added) / 1000);
      this.#addTimes.delete(key);
    }
  }

  done(key: K): void {
    const started = this.#processingStart.get(key);
    if (started !== undefined) {
      this.#workDuration.observe((this.#clock.now() - started) / 1000);
      this.#processingStart.delete(key);
    }
  }

  retry(): void {
    this.#retries.inc();
  }

  invalidDone(): void {
    this.#invalidDone?.inc();
  }

  /** Stops the periodic update (idempotent); called on shutdown. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** Sets the unfinished-work and longest-running gauges from the processing start times. */
  updateUnfinishedWork(): void {
    const now = this.#clock.now();
    let total = 0;
    let oldest = 0;
    for (const started of this.#processingStart.values()) {
      const age = (now - started) / 1000;
      total += age;
      if (age > oldest) oldest = age;
    }
    this.#unfinished.set(total);
    this.#longest.set(oldest);
  }

  #arm(): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimer(
      () => {
        if (this.#stopped) return;
        this.updateUnfinishedWork();
        this.#arm();
      },
      this.#periodMs,
      { unref: true },
    );
  }
}
