import type { Attributes, HrTime } from "@opentelemetry/api";
import { ValueType } from "@opentelemetry/api";
import { AggregationTemporality, DataPointType, type MetricData } from "@opentelemetry/sdk-metrics";
import { type Clock, systemClock, type Ticker } from "./clock.js";
import {
  isRealtime,
  type MetricLabel,
  type MetricType,
  metricTypeOf,
  metricValueOf,
  type PrometheusMetric,
} from "./custom-spec.js";
import { parseGoFloat } from "./go-float.js";
import { escapeLabelValue, rememberLabelText } from "./labels.js";
import { INVALID_METRIC_NAME, invalidLabelMessage, isValidLabelKey, isValidMetricName } from "./names.js";

/** A function read at scrape time for a realtime gauge (seconds for `workflow.duration` and `duration`). */
export type RealtimeValue = () => number;

export interface CustomMetricStoreOptions {
  /** Time source for `lastUpdated`, TTL expiry and data point timestamps. Default: the system clock. */
  readonly clock?: Clock;
  /** Argo `metricsTTL` in milliseconds: idle series older than this are deleted by {@link CustomMetricStore.gc}. 0 = never. */
  readonly ttlMs?: number;
  /** Series per custom metric name; further new series are dropped and counted. Default 10000. */
  readonly seriesLimit?: number;
  /** Names custom metrics may not take (the built-in metrics), without prefix. */
  readonly reservedNames?: ReadonlySet<string>;
  /** Called when a new series is dropped because its metric is at {@link seriesLimit}. */
  readonly onOverflow?: (metricName: string) => void;
  /** Called when a realtime value function throws during a scrape; the series is left out of that scrape. */
  readonly onRealtimeError?: (metricName: string, error: unknown) => void;
}

interface HistogramState {
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

/**
 * One series. Only the store's synchronous methods mutate it; a scrape never sees it, because
 * {@link CustomMetricStore.snapshot} copies the fields out in one synchronous pass.
 */
interface Series {
  readonly family: Family;
  /** Rendered label text `{k="v",...}` with sorted keys: the identity of the series and its exposition labels. */
  readonly key: string;
  /** Frozen: shared with every data point the series produces. */
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  value: number;
  realtime: RealtimeValue | undefined;
  owner: string | undefined;
  completed: boolean;
  lastUpdated: number;
  readonly histogram: HistogramState | undefined;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Sorted upper bounds (histograms only); frozen and shared by every data point. */
  readonly boundaries: readonly number[];
  readonly series: Map<string, Series>;
}

/** What a scrape copies out of a series before any foreign code (a realtime function) runs. */
interface Captured {
  readonly series: Series;
  readonly value: number;
  readonly realtime: RealtimeValue | undefined;
  readonly histogram: { counts: number[]; sum: number; count: number; min: number; max: number } | undefined;
}

const NO_BOUNDARIES: readonly number[] = Object.freeze([]);

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** The labels sorted by key; the same array when already sorted (insertion sort: label lists are short). */
function sortedLabels(labels: readonly MetricLabel[]): readonly MetricLabel[] {
  let out: MetricLabel[] | undefined;
  for (let i = 1; i < labels.length; i++) {
    const current = (out ?? labels)[i];
    const previous = (out ?? labels)[i - 1];
    if (current === undefined || previous === undefined || previous.key <= current.key) continue;
    out ??= [...labels];
    let j = i - 1;
    for (; j >= 0; j--) {
      const at = out[j];
      if (at === undefined || at.key <= current.key) break;
      out[j + 1] = at;
    }
    out[j + 1] = current;
  }
  return out ?? labels;
}

function renderKey(labels: readonly MetricLabel[]): string {
  if (labels.length === 0) return "";
  let text = "{";
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === undefined) continue;
    text += `${i === 0 ? "" : ","}${label.key}="${escapeLabelValue(label.value)}"`;
  }
  return `${text}}`;
}

function parseBoundaries(name: string, buckets: readonly (number | string)[]): readonly number[] | string {
  const values: number[] = [];
  for (const bucket of buckets) {
    const value = typeof bucket === "number" ? bucket : Number(bucket);
    if (!Number.isFinite(value) || (typeof bucket === "string" && bucket.trim() === "")) {
      return `histogram bucket '${String(bucket)}' of metric ${name} is not a finite number`;
    }
    values.push(value);
  }
  values.sort((a, b) => a - b);
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1])
      return `histogram bucket '${String(values[i])}' of metric ${name} is repeated`;
  }
  return Object.freeze(values);
}

function sameBoundaries(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * The custom metrics of workflow specs (Argo `UpsertCustomMetric` and friends), race-free by construction:
 *
 * - every mutation is one synchronous method call, so under JavaScript's run-to-completion no other code observes
 *   a series half-updated, and no `await` ever sits between creating a series and setting its value;
 * - a scrape reads {@link snapshot}, which copies every series' fields out in one synchronous pass *before* any
 *   realtime function runs, and returns fresh objects no writer holds; deleting, expiring or re-creating a series
 *   afterwards cannot change, duplicate or break a collection already under way;
 * - label objects are frozen at series creation and shared read-only.
 *
 * Invalid input never throws: {@link upsert} returns the error text (Argo's wording where Argo has one).
 */
export class CustomMetricStore {
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #seriesLimit: number;
  readonly #reserved: ReadonlySet<string>;
  readonly #onOverflow: ((metricName: string) => void) | undefined;
  readonly #onRealtimeError: ((metricName: string, error: unknown) => void) | undefined;
  readonly #families = new Map<string, Family>();
  readonly #owners = new Map<string, Set<Series>>();
  #seriesCount = 0;

  constructor(options: CustomMetricStoreOptions = {}) {
    const ttlMs = options.ttlMs ?? 0;
    if (!Number.isFinite(ttlMs) || ttlMs < 0) {
      throw new TypeError(`ttlMs must be a finite number >= 0 (0 = never expire), got ${String(ttlMs)}`);
    }
    const seriesLimit = options.seriesLimit ?? 10_000;
    if (!Number.isInteger(seriesLimit) || seriesLimit < 1) {
      throw new TypeError(`seriesLimit must be an integer >= 1, got ${String(seriesLimit)}`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = ttlMs;
    this.#seriesLimit = seriesLimit;
    this.#reserved = options.reservedNames ?? new Set();
    this.#onOverflow = options.onOverflow;
    this.#onRealtimeError = options.onRealtimeError;
  }

  /** Series currently held, over all custom metrics. */
  get seriesCount(): number {
    return this.#seriesCount;
  }

  /** Names of the custom metrics defined so far (a name keeps its help and type for the process lifetime). */
  get metricNames(): readonly string[] {
    return [...this.#families.keys()];
  }

  /**
   * Creates or updates the series of `metric` (its value already substituted). `owner` is the workflow UID that
   * realtime series are tracked under; `realtime` is the value function of a realtime gauge.
   * Returns undefined on success, or the error text.
   */
  upsert(metric: PrometheusMetric, owner = "", realtime?: RealtimeValue): string | undefined {
    const name = metric.name;
    let family = this.#families.get(name);
    // A family exists only under a valid name, so the name check is needed only for new names.
    if (family === undefined && !isValidMetricName(name)) return INVALID_METRIC_NAME;
    const type = metricTypeOf(metric);
    if (type === undefined) return "invalid metric spec";
    if (family !== undefined) {
      if (family.help !== metric.help) {
        return `help for metric ${name} is already set to ${family.help}, it cannot be changed`;
      }
      if (family.type !== type)
        return `found existing ${family.type} for custom metric ${name} of type ${type}`;
    } else if (this.#reserved.has(name)) {
      return `metric ${name} is a built-in metric and cannot be used as a custom metric`;
    }
    if (metric.help === "") return `metric '${name}' must contain a help string under 'help: ' field`;

    const isRt = isRealtime(metric);
    let value = 0;
    if (isRt) {
      if (realtime === undefined) return `realtime gauge ${name} needs a value function`;
    } else {
      const text = metricValueOf(metric) ?? "";
      const parsed = parseGoFloat(text);
      if (!parsed.ok) return parsed.error;
      value = parsed.value;
      if (type === "counter" && !(value >= 0 && value !== Number.POSITIVE_INFINITY)) {
        return `counter value '${text}' of metric ${name} must be a finite number >= 0`;
      }
      if (type === "histogram" && Number.isNaN(value))
        return `histogram value of metric ${name} must not be NaN`;
    }

    let boundaries = NO_BOUNDARIES;
    if (type === "histogram") {
      const parsed = parseBoundaries(name, metric.histogram?.buckets ?? []);
      if (typeof parsed === "string") return parsed;
      if (family !== undefined && !sameBoundaries(family.boundaries, parsed)) {
        return `histogram buckets for metric ${name} are already set to [${family.boundaries.join(",")}], they cannot be changed`;
      }
      boundaries = parsed;
    }

    const labels = sortedLabels(metric.labels ?? []);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i];
      if (label === undefined) continue;
      if (!isValidLabelKey(label.key)) return invalidLabelMessage(label.key);
      if (labels[i + 1]?.key === label.key) return `metric label '${label.key}' is given more than once`;
      if (type === "histogram" && label.key === "le") {
        return "metric label 'le' is reserved for histogram buckets";
      }
    }

    const now = this.#clock.now();
    if (family === undefined) {
      family = { name, help: metric.help, type, boundaries, series: new Map() };
      this.#families.set(name, family);
    }
    const key = renderKey(labels);
    let series = family.series.get(key);
    if (series === undefined) {
      if (family.series.size >= this.#seriesLimit) {
        this.#onOverflow?.(name);
        return `metric ${name} reached its limit of ${this.#seriesLimit} series; series ${key || "{}"} was dropped`;
      }
      const attributes: Attributes = {};
      for (const label of labels) attributes[label.key] = label.value;
      Object.freeze(attributes);
      rememberLabelText(attributes, key);
      series = {
        family,
        key,
        attributes,
        startTime: hrTime(now),
        value: 0,
        realtime: undefined,
        owner: undefined,
        completed: false,
        lastUpdated: now,
        histogram:
          type === "histogram"
            ? {
                counts: new Array<number>(boundaries.length + 1).fill(0),
                sum: 0,
                count: 0,
                min: Number.POSITIVE_INFINITY,
                max: Number.NEGATIVE_INFINITY,
              }
            : undefined,
      };
      family.series.set(key, series);
      this.#seriesCount++;
    }
    series.lastUpdated = now;

    if (isRt && realtime !== undefined) {
      if (series.owner !== undefined && series.owner !== owner) this.#untrack(series);
      series.realtime = realtime;
      series.completed = false;
      series.owner = owner;
      let owned = this.#owners.get(owner);
      if (owned === undefined) {
        owned = new Set();
        this.#owners.set(owner, owned);
      }
      owned.add(series);
      return undefined;
    }
    if (series.owner !== undefined) {
      // The last write decides: a plain write turns a realtime (or completed realtime) series into an ordinary
      // stored value that no workflow owns, so deleting that workflow later leaves it alone.
      this.#untrack(series);
      series.realtime = undefined;
    }
    const histogram = series.histogram;
    if (histogram !== undefined) {
      let bucket = 0;
      while (bucket < boundaries.length && value > (boundaries[bucket] ?? Number.POSITIVE_INFINITY)) bucket++;
      histogram.counts[bucket] = (histogram.counts[bucket] ?? 0) + 1;
      histogram.sum += value;
      histogram.count++;
      if (value < histogram.min) histogram.min = value;
      if (value > histogram.max) histogram.max = value;
    } else if (type === "counter") {
      series.value += value;
    } else {
      const operation = metric.gauge?.operation;
      if (operation === "Add") series.value += value;
      else if (operation === "Sub") series.value -= value;
      else series.value = value;
    }
    return undefined;
  }

  /**
   * The workflow `owner` completed (Argo `CompleteRealtimeMetricsForWfUID`): its realtime series read their function
   * one last time, keep that value, and become ordinary series that the TTL may expire.
   */
  completeRealtime(owner: string): void {
    const owned = this.#owners.get(owner);
    if (owned === undefined) return;
    const now = this.#clock.now();
    for (const series of owned) {
      const fn = series.realtime;
      if (series.owner !== owner || fn === undefined) continue;
      const value = this.#readRealtime(series.family.name, fn);
      if (value !== undefined) series.value = value;
      series.realtime = undefined;
      series.completed = true;
      series.lastUpdated = now;
    }
  }

  /** The workflow `owner` was deleted (Argo `DeleteRealtimeMetricsForWfUID`): its realtime series are deleted. */
  deleteRealtime(owner: string): void {
    const owned = this.#owners.get(owner);
    if (owned === undefined) return;
    this.#owners.delete(owner);
    for (const series of owned) {
      if (series.owner !== owner) continue;
      series.owner = undefined;
      this.#remove(series);
    }
  }

  /**
   * Deletes every series idle for longer than the TTL (none when the TTL is 0). Histograms never expire, and
   * neither do realtime series that have not completed. Returns how many series were deleted.
   */
  gc(): number {
    if (this.#ttlMs === 0) return 0;
    const now = this.#clock.now();
    let deleted = 0;
    for (const family of this.#families.values()) {
      if (family.type === "histogram") continue;
      for (const series of family.series.values()) {
        if (series.realtime !== undefined || now - series.lastUpdated <= this.#ttlMs) continue;
        this.#untrack(series);
        this.#remove(series);
        deleted++;
      }
    }
    return deleted;
  }

  /** Runs {@link gc} every TTL on the clock (Argo's GC ticker). Returns undefined when the TTL is 0. */
  startGc(): Ticker | undefined {
    if (this.#ttlMs === 0) return undefined;
    return this.#clock.every(this.#ttlMs, () => this.gc());
  }

  /**
   * An immutable, consistent view of every custom series as OTel metric data. Phase one copies all stored state in
   * one synchronous pass; phase two calls the realtime functions on the copies. Nothing returned is referenced by
   * the store, so later writes cannot reach it.
   */
  snapshot(): MetricData[] {
    const families = [...this.#families.values()];
    const captured: Captured[][] = [];
    for (const family of families) {
      const rows: Captured[] = [];
      for (const series of family.series.values()) {
        const h = series.histogram;
        rows.push({
          series,
          value: series.value,
          realtime: series.realtime,
          histogram:
            h === undefined
              ? undefined
              : { counts: h.counts.slice(), sum: h.sum, count: h.count, min: h.min, max: h.max },
        });
      }
      captured.push(rows);
    }
    const endTime = hrTime(this.#clock.now());
    const out: MetricData[] = [];
    families.forEach((family, index) => {
      const rows = captured[index] ?? [];
      if (rows.length === 0) return;
      const descriptor = {
        name: family.name,
        description: family.help,
        unit: "{item}",
        valueType: ValueType.DOUBLE,
      };
      if (family.type === "histogram") {
        out.push({
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: rows.map((row) => {
            const h = row.histogram ?? { counts: [0], sum: 0, count: 0, min: 0, max: 0 };
            return {
              startTime: row.series.startTime,
              endTime,
              attributes: row.series.attributes,
              value: {
                buckets: { boundaries: family.boundaries as number[], counts: h.counts },
                sum: h.sum,
                count: h.count,
                ...(h.count > 0 ? { min: h.min, max: h.max } : {}),
              },
            };
          }),
        });
        return;
      }
      const dataPoints = [];
      for (const row of rows) {
        let value = row.value;
        if (row.realtime !== undefined) {
          const read = this.#readRealtime(family.name, row.realtime);
          if (read === undefined) continue;
          value = read;
        }
        dataPoints.push({
          startTime: row.series.startTime,
          endTime,
          attributes: row.series.attributes,
          value,
        });
      }
      if (dataPoints.length === 0) return;
      if (family.type === "counter") {
        out.push({
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
          dataPoints,
        });
      } else {
        out.push({
          descriptor,
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.GAUGE,
          dataPoints,
        });
      }
    });
    return out;
  }

  #readRealtime(name: string, fn: RealtimeValue): number | undefined {
    try {
      const value = fn();
      if (typeof value !== "number") throw new TypeError(`realtime value of ${name} is not a number`);
      return value;
    } catch (error) {
      this.#onRealtimeError?.(name, error);
      return undefined;
    }
  }

  #untrack(series: Series): void {
    const owner = series.owner;
    if (owner === undefined) return;
    const owned = this.#owners.get(owner);
    owned?.delete(series);
    if (owned?.size === 0) this.#owners.delete(owner);
    series.owner = undefined;
  }

  #remove(series: Series): void {
    const map = series.family.series;
    if (map.get(series.key) !== series) return;
    map.delete(series.key);
    this.#seriesCount--;
  }
}
