import type { Counter, Meter } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import type { Resource } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { BUILTIN, BUILTIN_NAMES } from "./builtin-names.js";
import type { Clock, Ticker } from "./clock.js";
import { ControllerMetrics, type ControllerMetricsOptions } from "./controller-metrics.js";
import { CronMetrics } from "./cron-metrics.js";
import { customMetricProducer } from "./custom-producer.js";
import type { PrometheusMetric } from "./custom-spec.js";
import { CustomMetricStore } from "./custom-store.js";
import { type EmitContext, type EmitResult, emitCustomMetrics } from "./emitter.js";
import { metricsRequestHandler, type RequestHandler } from "./http.js";
import { createQueueMetricsProvider, type QueueMetricsProvider } from "./queue-metrics.js";
import {
  createRetryCounters,
  type RetryCounters,
  type RetryMetricsHooks,
  retryMetricsHooks,
} from "./retry-hooks.js";
import { serializeMetrics } from "./serializer.js";

export interface MetricsRegistryOptions extends ControllerMetricsOptions {
  /** Name prefix of every metric, custom ones included. Default `argo_workflows`. */
  readonly prefix?: string;
  /** Clock for custom metric TTL and timestamps. Default: the system clock. */
  readonly clock?: Clock;
  /** Argo `metricsConfig.metricsTTL` in milliseconds; 0 (default) keeps custom series forever. */
  readonly metricsTTLMs?: number;
  /** Series per custom metric name before new series are dropped and counted. Default 10000. */
  readonly customSeriesLimit?: number;
  /**
   * Series per built-in instrument (an OTel view's `aggregationCardinalityLimit`; OTel's default is 2000, which a
   * cluster with many namespaces passes on `pods_total_count`). Beyond it OTel folds new series into one
   * `otel_metric_overflow="true"` series. Default 10000.
   */
  readonly builtinSeriesLimit?: number;
  /** OTel resource (not exported to Prometheus: Argo turns `target_info` off). */
  readonly resource?: Resource;
  /**
   * Longest an async observable callback may take in one collection before it is abandoned (its observations are
   * left out and reported as a collection error). Keeps one hung callback from stalling /metrics. Default 10000 ms.
   */
  readonly collectTimeoutMs?: number;
  /** Told about collection errors (an observable callback that threw, ...); the scrape still answers. */
  readonly onCollectionError?: (error: unknown) => void;
}

/**
 * Owns every metric an app exposes: Argo's built-in controller and cron metrics, the workqueue metrics, retry
 * counters and the custom metrics of workflow specs, all on one OTel MeterProvider read by a PrometheusExporter
 * that never opens its own port (`preventServerStart`). Mount {@link handler} on the app's server.
 *
 * Scrapes are single-flight: one collection runs at a time; requests arriving meanwhile share the next collection
 * (which starts after they arrived), so concurrent scrapes never interleave two collections of the same reader.
 */
export class MetricsRegistry {
  readonly meter: Meter;
  readonly custom: CustomMetricStore;
  readonly controller: ControllerMetrics;
  readonly cron: CronMetrics;
  /** GET/HEAD handler answering with the exposition text. */
  readonly handler: RequestHandler;
  readonly #provider: MeterProvider;
  readonly #exporter: PrometheusExporter;
  readonly #prefix: string;
  readonly #onCollectionError: ((error: unknown) => void) | undefined;
  readonly #collectTimeoutMs: number;
  readonly #retryCounters: RetryCounters;
  readonly #emitErrors: Counter;
  #queueProvider: QueueMetricsProvider | undefined;
  #current: Promise<string> | undefined;
  #next: Promise<string> | undefined;
  #gc: Ticker | undefined;
  #collections = 0;
  #collectionErrors = 0;

  constructor(options: MetricsRegistryOptions = {}) {
    this.#prefix = options.prefix ?? "argo_workflows";
    this.#onCollectionError = options.onCollectionError;
    this.#collectTimeoutMs = options.collectTimeoutMs ?? 10_000;
    if (!Number.isFinite(this.#collectTimeoutMs) || this.#collectTimeoutMs <= 0) {
      throw new TypeError(
        `collectTimeoutMs must be a finite number > 0, got ${String(this.#collectTimeoutMs)}`,
      );
    }
    const overflow = { counter: undefined as Counter | undefined };
    const realtimeErrors = { counter: undefined as Counter | undefined };
    this.custom = new CustomMetricStore({
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ttlMs: options.metricsTTLMs ?? 0,
      seriesLimit: options.customSeriesLimit ?? 10_000,
      reservedNames: BUILTIN_NAMES,
      onOverflow: (metricName) => overflow.counter?.add(1, { metric_name: metricName }),
      onRealtimeError: (metricName) => realtimeErrors.counter?.add(1, { metric_name: metricName }),
    });
    this.#exporter = new PrometheusExporter({
      preventServerStart: true,
      withoutScopeInfo: true,
      withoutTargetInfo: true,
      metricProducers: [customMetricProducer(this.custom)],
    });
    const builtinSeriesLimit = options.builtinSeriesLimit ?? 10_000;
    if (!Number.isInteger(builtinSeriesLimit) || builtinSeriesLimit < 1) {
      throw new TypeError(`builtinSeriesLimit must be an integer >= 1, got ${String(builtinSeriesLimit)}`);
    }
    this.#provider = new MeterProvider({
      ...(options.resource === undefined ? {} : { resource: options.resource }),
      readers: [this.#exporter],
      views: [{ instrumentName: "*", aggregationCardinalityLimit: builtinSeriesLimit }],
    });
    this.meter = this.#provider.getMeter("weft");
    this.controller = new ControllerMetrics(this.meter, options);
    this.cron = new CronMetrics(this.meter);
    this.#retryCounters = createRetryCounters(this.meter);
    this.#emitErrors = this.meter.createCounter(BUILTIN.customMetricErrors, {
      description: "Invalid custom metrics reported as a MetricsError workflow condition, by stage",
    });
    overflow.counter = this.meter.createCounter(BUILTIN.customMetricOverflow, {
      description: "New custom metric series dropped at the per-metric series limit",
    });
    realtimeErrors.counter = this.meter.createCounter(BUILTIN.customMetricRealtimeErrors, {
      description: "Realtime custom metric value functions that threw during a scrape",
    });
    this.handler = metricsRequestHandler(() => this.scrape());
  }

  /** Completed collections and those whose result carried errors. */
  get stats(): { readonly collections: number; readonly collectionErrors: number } {
    return { collections: this.#collections, collectionErrors: this.#collectionErrors };
  }

  /** The `@weft/workqueue` metrics provider (one per registry: queue instruments are created once). */
  queueMetricsProvider(): QueueMetricsProvider {
    this.#queueProvider ??= createQueueMetricsProvider(this.meter);
    return this.#queueProvider;
  }

  /** Hooks for `@weft/retry` counting attempts, retries and give-ups; `operation` overrides the event's name. */
  retryHooks(operation?: string): RetryMetricsHooks {
    return retryMetricsHooks(this.#retryCounters, operation);
  }

  /** Emits a workflow's or template's custom metrics; never throws on a bad spec (see {@link emitCustomMetrics}). */
  emit(metrics: readonly PrometheusMetric[], context: EmitContext): EmitResult {
    return emitCustomMetrics(this.custom, metrics, context, (stage) => this.#emitErrors.add(1, { stage }));
  }

  /** Starts the custom metric TTL ticker (no-op when the TTL is 0 or it already runs). */
  startGc(): void {
    this.#gc ??= this.custom.startGc();
  }

  /** The exposition text of one collection (single-flight, see the class comment). */
  scrape(): Promise<string> {
    if (this.#next !== undefined) return this.#next;
    const current = this.#current;
    if (current === undefined) return this.#start();
    const next = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    this.#next = next;
    return next;
  }

  /** Stops the GC ticker and shuts the meter provider down; later scrapes fail (503 from the handler). */
  async shutdown(): Promise<void> {
    this.#gc?.stop();
    this.#gc = undefined;
    await this.#provider.shutdown();
  }

  #start(): Promise<string> {
    const run = this.#collect();
    const tracked = run.finally(() => {
      if (this.#current === tracked) this.#current = undefined;
    });
    this.#current = tracked;
    return tracked;
  }

  async #collect(): Promise<string> {
    const { resourceMetrics, errors } = await this.#exporter.collect({
      timeoutMillis: this.#collectTimeoutMs,
    });
    this.#collections++;
    if (errors.length > 0) {
      this.#collectionErrors++;
      for (const error of errors) this.#onCollectionError?.(error);
    }
    return serializeMetrics(resourceMetrics, { prefix: this.#prefix }).text;
  }
}
