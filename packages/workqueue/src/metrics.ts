/**
 * Metric interfaces a queue reports through. This is the shared contract with `@weft/metrics`, which implements
 * {@link QueueMetricsProvider} on top of Prometheus. The names and semantics follow client-go's
 * `workqueue.MetricsProvider`; all durations are in seconds.
 */

/** A monotonically increasing count. */
export interface CounterMetric {
  inc(): void;
}

/** A value that goes up and down by one. */
export interface GaugeMetric {
  inc(): void;
  dec(): void;
}

/** A value that is set as a whole. */
export interface SettableGaugeMetric {
  set(value: number): void;
}

/** A distribution of observations, in seconds. */
export interface HistogramMetric {
  observe(value: number): void;
}

/**
 * Creates the metrics of one named queue. Every method is called at most once per queue, at construction.
 *
 * - depth: items marked dirty and not yet handed out by `get` (as client-go counts it).
 * - adds: calls to `add` that marked an item dirty (a duplicate of an already-dirty item is not counted).
 * - latency: seconds an item waited in the queue before `get` handed it out.
 * - workDuration: seconds between `get` and `done`.
 * - unfinishedWorkSeconds: sum of the seconds every in-flight item has been processed so far.
 * - longestRunningProcessorSeconds: seconds the longest in-flight item has been processed so far.
 * - retries: calls to `addRateLimited`.
 * - invalidDone (Weft extension): `done` called for an item that was not being processed.
 * - busyWorkers (Weft extension): workers of the worker API currently running a handler
 *   (Argo's `workers_busy_count`).
 */
export interface QueueMetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  newLatencyMetric(name: string): HistogramMetric;
  newWorkDurationMetric(name: string): HistogramMetric;
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
  /** Weft extension: `done()` of an item that is not being processed. */
  newInvalidDoneMetric?(name: string): CounterMetric;
  /** Weft extension: busy workers of the worker API (Argo `workers_busy_count`). */
  newBusyWorkersMetric?(name: string): GaugeMetric;
}
