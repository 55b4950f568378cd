import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from "@opentelemetry/api";
import { BUILTIN, QUEUE_DURATION_BUCKETS, QUEUE_LATENCY_BUCKETS } from "./builtin-names.js";
import { SettableGauge } from "./settable-gauge.js";

/*
 * Structural copies of `@weft/workqueue`'s metric interfaces: this package does not import the workqueue (not even
 * its types); test/workqueue-compat.test.ts passes these objects to the real queue to prove they fit.
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

/** A value set as a whole. */
export interface SettableGaugeMetric {
  set(value: number): void;
}

/** Observations in seconds. */
export interface HistogramMetric {
  observe(value: number): void;
}

/** client-go's `workqueue.MetricsProvider`, plus Weft's invalid-done and busy-worker extensions. */
export interface QueueMetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  newLatencyMetric(name: string): HistogramMetric;
  newWorkDurationMetric(name: string): HistogramMetric;
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
  newInvalidDoneMetric(name: string): CounterMetric;
  newBusyWorkersMetric(name: string): GaugeMetric;
}

function counterOf(counter: Counter, attributes: Attributes): CounterMetric {
  counter.add(0, attributes);
  return { inc: () => counter.add(1, attributes) };
}

function gaugeOf(gauge: UpDownCounter, attributes: Attributes): GaugeMetric {
  gauge.add(0, attributes);
  return { inc: () => gauge.add(1, attributes), dec: () => gauge.add(-1, attributes) };
}

function histogramOf(histogram: Histogram, attributes: Attributes): HistogramMetric {
  return { observe: (value) => histogram.record(value, attributes) };
}

function settableOf(gauge: SettableGauge, attributes: Attributes): SettableGaugeMetric {
  gauge.set(0, attributes);
  return { set: (value) => gauge.set(value, attributes) };
}

/**
 * Queue metrics under Argo's names, one series per queue (`queue_name`; `worker_type` for busy workers), e.g.
 * `argo_workflows_queue_depth_gauge{queue_name="workflow_queue"}`. Every series starts at 0 when the queue is made.
 */
export function createQueueMetricsProvider(meter: Meter): QueueMetricsProvider {
  const depth = meter.createUpDownCounter(BUILTIN.queueDepthGauge, {
    description: "Depth of the queue",
    unit: "{item}",
  });
  const adds = meter.createCounter(BUILTIN.queueAddsCount, {
    description: "Adds to the queue",
    unit: "{item}",
  });
  const latency = meter.createHistogram(BUILTIN.queueLatency, {
    description: "Time objects spend waiting in the queue",
    unit: "s",
    advice: { explicitBucketBoundaries: [...QUEUE_LATENCY_BUCKETS] },
  });
  const duration = meter.createHistogram(BUILTIN.queueDuration, {
    description: "Time objects spend being processed from the queue",
    unit: "s",
    advice: { explicitBucketBoundaries: [...QUEUE_DURATION_BUCKETS] },
  });
  const retries = meter.createCounter(BUILTIN.queueRetries, {
    description: "Retries in the queues",
    unit: "{item}",
  });
  const unfinished = new SettableGauge(meter, BUILTIN.queueUnfinishedWork, "Unfinished work time", "s");
  const longest = new SettableGauge(meter, BUILTIN.queueLongestRunning, "Longest running worker", "s");
  const invalidDone = meter.createCounter(BUILTIN.queueInvalidDone, {
    description: "Calls to done for an item that was not being processed",
    unit: "{item}",
  });
  const busy = meter.createUpDownCounter(BUILTIN.workersBusyCount, {
    description: "Number of workers currently busy",
    unit: "{worker}",
  });
  const queue = (name: string): Attributes => Object.freeze({ queue_name: name });
  return {
    newDepthMetric: (name) => gaugeOf(depth, queue(name)),
    newAddsMetric: (name) => counterOf(adds, queue(name)),
    newLatencyMetric: (name) => histogramOf(latency, queue(name)),
    newWorkDurationMetric: (name) => histogramOf(duration, queue(name)),
    newUnfinishedWorkSecondsMetric: (name) => settableOf(unfinished, queue(name)),
    newLongestRunningProcessorSecondsMetric: (name) => settableOf(longest, queue(name)),
    newRetriesMetric: (name) => counterOf(retries, queue(name)),
    newInvalidDoneMetric: (name) => counterOf(invalidDone, queue(name)),
    newBusyWorkersMetric: (name) => gaugeOf(busy, Object.freeze({ worker_type: name })),
  };
}
