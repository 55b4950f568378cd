import type {
  CounterMetric,
  FakeClock,
  GaugeMetric,
  HistogramMetric,
  QueueMetricsProvider,
  SettableGaugeMetric,
} from "../src/index.ts";

/** Lets every pending promise callback run (one macrotask turn). Not a timed sleep. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise resolved by the fake clock after `ms`. */
export function sleep(clock: FakeClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, ms));
}

/** Steps the fake clock 1 ms at a time, settling in between, until `done()` holds (or fails after `maxSteps`). */
export async function runUntil(
  clock: FakeClock,
  done: () => boolean,
  maxSteps = 100_000,
  stepMs = 1,
): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    await settle();
    if (done()) return;
    clock.step(stepMs);
  }
  throw new Error(`runUntil: condition not reached after ${maxSteps} steps`);
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<V>(promise: Promise<V>): { readonly settled: boolean; readonly value: V | undefined } {
  const state: { settled: boolean; value: V | undefined } = { settled: false, value: undefined };
  promise.then(
    (v) => {
      state.settled = true;
      state.value = v;
    },
    () => {
      state.settled = true;
    },
  );
  return state;
}

export class RecordingCounter implements CounterMetric {
  count = 0;
  inc(): void {
    this.count++;
  }
}

export class RecordingGauge implements GaugeMetric {
  value = 0;
  inc(): void {
    this.value++;
  }
  dec(): void {
    this.value--;
  }
}

export class RecordingSettable implements SettableGaugeMetric {
  value = 0;
  sets = 0;
  set(value: number): void {
    this.value = value;
    this.sets++;
  }
}

export class RecordingHistogram implements HistogramMetric {
  observations: number[] = [];
  observe(value: number): void {
    this.observations.push(value);
  }
  get count(): number {
    return this.observations.length;
  }
  get last(): number | undefined {
    return this.observations.at(-1);
  }
}

export interface QueueRecording {
  depth: RecordingGauge;
  adds: RecordingCounter;
  latency: RecordingHistogram;
  workDuration: RecordingHistogram;
  unfinished: RecordingSettable;
  longest: RecordingSettable;
  retries: RecordingCounter;
  invalidDone: RecordingCounter;
  busyWorkers: RecordingGauge;
}

/** A provider that records every queue's metrics by name. */
export class RecordingProvider implements QueueMetricsProvider {
  readonly queues = new Map<string, QueueRecording>();

  of(name: string): QueueRecording {
    let r = this.queues.get(name);
    if (r === undefined) {
      r = {
        depth: new RecordingGauge(),
        adds: new RecordingCounter(),
        latency: new RecordingHistogram(),
        workDuration: new RecordingHistogram(),
        unfinished: new RecordingSettable(),
        longest: new RecordingSettable(),
        retries: new RecordingCounter(),
        invalidDone: new RecordingCounter(),
        busyWorkers: new RecordingGauge(),
      };
      this.queues.set(name, r);
    }
    return r;
  }

  newDepthMetric(name: string): GaugeMetric {
    return this.of(name).depth;
  }
  newAddsMetric(name: string): CounterMetric {
    return this.of(name).adds;
  }
  newLatencyMetric(name: string): HistogramMetric {
    return this.of(name).latency;
  }
  newWorkDurationMetric(name: string): HistogramMetric {
    return this.of(name).workDuration;
  }
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric {
    return this.of(name).unfinished;
  }
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric {
    return this.of(name).longest;
  }
  newRetriesMetric(name: string): CounterMetric {
    return this.of(name).retries;
  }
  newInvalidDoneMetric(name: string): CounterMetric {
    return this.of(name).invalidDone;
  }
  newBusyWorkersMetric(name: string): GaugeMetric {
    return this.of(name).busyWorkers;
  }
}
