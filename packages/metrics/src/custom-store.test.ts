import type {
  GaugeMetricData,
  HistogramMetricData,
  MetricData,
  SumMetricData,
} from "@opentelemetry/sdk-metrics";
import { DataPointType } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../test/support/fake-clock.js";
import type { PrometheusMetric } from "./custom-spec.js";
import { CustomMetricStore } from "./custom-store.js";

const MINUTE = 60_000;

function gauge(
  value: string,
  labels: Record<string, string> = {},
  operation?: "Set" | "Add" | "Sub",
): PrometheusMetric {
  return {
    name: "g",
    help: "gauge",
    labels: Object.entries(labels).map(([key, v]) => ({ key, value: v })),
    gauge: operation === undefined ? { value } : { value, operation },
  };
}

const counter = (value: string, labels: Record<string, string> = {}): PrometheusMetric => ({
  name: "c",
  help: "counter",
  labels: Object.entries(labels).map(([key, v]) => ({ key, value: v })),
  counter: { value },
});

const realtime = (name = "rt", labels: Record<string, string> = {}): PrometheusMetric => ({
  name,
  help: "realtime",
  labels: Object.entries(labels).map(([key, v]) => ({ key, value: v })),
  gauge: { value: "{{workflow.duration}}", realtime: true },
});

function points(data: MetricData[], name: string): { labels: Record<string, unknown>; value: unknown }[] {
  const metric = data.find((m) => m.descriptor.name === name);
  if (metric === undefined) return [];
  return (metric as GaugeMetricData | SumMetricData | HistogramMetricData).dataPoints.map((p) => ({
    labels: { ...p.attributes },
    value: p.value,
  }));
}

describe("CustomMetricStore: values", () => {
  it("gauge Set (default), Add and Sub", () => {
    const store = new CustomMetricStore();
    store.upsert(gauge("10"));
    store.upsert(gauge("5", {}, "Add"));
    store.upsert(gauge("2", {}, "Sub"));
    expect(points(store.snapshot(), "g")).toEqual([{ labels: {}, value: 13 }]);
    store.upsert(gauge("1", {}, "Set"));
    expect(points(store.snapshot(), "g")).toEqual([{ labels: {}, value: 1 }]);
  });

  it("counters add and are exported as monotonic sums", () => {
    const store = new CustomMetricStore();
    store.upsert(counter("1"));
    store.upsert(counter("2.5"));
    const [metric] = store.snapshot();
    expect(metric?.dataPointType).toBe(DataPointType.SUM);
    expect(metric?.dataPointType === DataPointType.SUM && metric.isMonotonic).toBe(true);
    expect(points(store.snapshot(), "c")).toEqual([{ labels: {}, value: 3.5 }]);
  });

  it("histograms record into their buckets", () => {
    const store = new CustomMetricStore();
    for (const v of ["0.5", "1", "3", "100"]) {
      store.upsert({ name: "h", help: "h", histogram: { value: v, buckets: [1, 5] } });
    }
    const [point] = points(store.snapshot(), "h");
    expect(point?.value).toEqual({
      buckets: { boundaries: [1, 5], counts: [2, 1, 1] },
      sum: 104.5,
      count: 4,
      min: 0.5,
      max: 100,
    });
  });

  it("series identity is the sorted label set", () => {
    const store = new CustomMetricStore();
    store.upsert({
      ...gauge("1"),
      labels: [
        { key: "b", value: "2" },
        { key: "a", value: "1" },
      ],
    });
    store.upsert({
      ...gauge("7"),
      labels: [
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ],
    });
    store.upsert({
      ...gauge("9"),
      labels: [
        { key: "a", value: "1" },
        { key: "b", value: "3" },
      ],
    });
    expect(store.seriesCount).toBe(2);
    expect(points(store.snapshot(), "g")).toEqual([
      { labels: { a: "1", b: "2" }, value: 7 },
      { labels: { a: "1", b: "3" }, value: 9 },
    ]);
  });

  it("label values that would collide in Argo's key format stay distinct series", () => {
    const store = new CustomMetricStore();
    store.upsert({ ...gauge("1"), labels: [{ key: "a", value: 'x",b="y' }] });
    store.upsert({
      ...gauge("2"),
      labels: [
        { key: "a", value: "x" },
        { key: "b", value: "y" },
      ],
    });
    expect(store.seriesCount).toBe(2);
  });
});

describe("CustomMetricStore: metricsTTL on a fake clock", () => {
  it("deletes series idle for longer than the TTL and keeps fresh ones", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: 10 * MINUTE });
    store.upsert(gauge("1", { wf: "old" }));
    clock.advance(6 * MINUTE);
    store.upsert(gauge("1", { wf: "new" }));
    clock.advance(4 * MINUTE);
    expect(store.gc()).toBe(0); // exactly TTL old: not yet "older than"
    clock.advance(1);
    expect(store.gc()).toBe(1);
    expect(points(store.snapshot(), "g").map((p) => p.labels)).toEqual([{ wf: "new" }]);
  });

  it("an update refreshes lastUpdated", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: MINUTE });
    store.upsert(counter("1"));
    clock.advance(MINUTE - 1);
    store.upsert(counter("1"));
    clock.advance(MINUTE - 1);
    expect(store.gc()).toBe(0);
    expect(points(store.snapshot(), "c")).toEqual([{ labels: {}, value: 2 }]);
  });

  it("histogram series never expire", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: MINUTE });
    store.upsert({ name: "h", help: "h", histogram: { value: "1", buckets: [1] } });
    clock.advance(100 * MINUTE);
    expect(store.gc()).toBe(0);
    expect(points(store.snapshot(), "h")).toHaveLength(1);
  });

  it("TTL 0 never expires anything", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: 0 });
    store.upsert(gauge("1"));
    clock.advance(1e12);
    expect(store.gc()).toBe(0);
    expect(store.startGc()).toBeUndefined();
    expect(store.seriesCount).toBe(1);
  });

  it("the GC ticker runs every TTL", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: MINUTE });
    const ticker = store.startGc();
    store.upsert(gauge("1"));
    clock.advance(MINUTE);
    expect(store.seriesCount).toBe(1); // idle exactly one TTL at the first tick
    clock.advance(MINUTE);
    expect(store.seriesCount).toBe(0);
    ticker?.stop();
    expect(clock.activeTickers).toBe(0);
  });

  it("realtime series do not expire until their workflow completes", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: MINUTE });
    const start = clock.now();
    store.upsert(realtime(), "wf-1", () => (clock.now() - start) / 1000);
    clock.advance(5 * MINUTE);
    expect(store.gc()).toBe(0);
    expect(points(store.snapshot(), "rt")).toEqual([{ labels: {}, value: 300 }]);
    store.completeRealtime("wf-1");
    clock.advance(MINUTE);
    expect(points(store.snapshot(), "rt")).toEqual([{ labels: {}, value: 300 }]); // frozen at completion
    expect(store.gc()).toBe(0);
    clock.advance(1);
    expect(store.gc()).toBe(1);
  });

  it("rejects a negative or non-finite TTL", () => {
    expect(() => new CustomMetricStore({ ttlMs: -1 })).toThrow("ttlMs must be a finite number >= 0");
    expect(() => new CustomMetricStore({ seriesLimit: 0 })).toThrow("seriesLimit must be an integer >= 1");
  });
});

describe("CustomMetricStore: realtime lifecycle", () => {
  it("reads the value function at every snapshot", () => {
    const store = new CustomMetricStore();
    let v = 1;
    store.upsert(realtime(), "wf", () => v);
    expect(points(store.snapshot(), "rt")[0]?.value).toBe(1);
    v = 2;
    expect(points(store.snapshot(), "rt")[0]?.value).toBe(2);
  });

  it("completion marks only the owner's series; deletion deletes only the owner's series", () => {
    const store = new CustomMetricStore();
    let a = 1;
    let b = 10;
    store.upsert(realtime("rt", { wf: "a" }), "uid-a", () => a);
    store.upsert(realtime("rt", { wf: "b" }), "uid-b", () => b);
    store.completeRealtime("uid-a");
    a = 2;
    b = 20;
    expect(points(store.snapshot(), "rt")).toEqual([
      { labels: { wf: "a" }, value: 1 },
      { labels: { wf: "b" }, value: 20 },
    ]);
    store.deleteRealtime("uid-a");
    expect(points(store.snapshot(), "rt")).toEqual([{ labels: { wf: "b" }, value: 20 }]);
    store.deleteRealtime("uid-unknown");
    store.completeRealtime("uid-unknown");
    expect(store.seriesCount).toBe(1);
  });

  it("a series taken over by another owner is not deleted by the first owner", () => {
    const store = new CustomMetricStore();
    store.upsert(realtime(), "uid-a", () => 1);
    store.upsert(realtime(), "uid-b", () => 2);
    store.deleteRealtime("uid-a");
    expect(points(store.snapshot(), "rt")).toEqual([{ labels: {}, value: 2 }]);
    store.deleteRealtime("uid-b");
    expect(store.seriesCount).toBe(0);
  });

  it("a plain write after completion releases the series from its workflow (found by the model test)", () => {
    const store = new CustomMetricStore();
    store.upsert(realtime("g"), "uid-a", () => 1);
    store.completeRealtime("uid-a");
    store.upsert({ name: "g", help: "realtime", labels: [], gauge: { value: "0" } });
    store.deleteRealtime("uid-a");
    expect(points(store.snapshot(), "g")).toEqual([{ labels: {}, value: 0 }]);
  });

  it("a throwing value function drops the point from that scrape and is reported", () => {
    const errors: string[] = [];
    const store = new CustomMetricStore({ onRealtimeError: (name) => errors.push(name) });
    store.upsert(realtime(), "wf", () => {
      throw new Error("boom");
    });
    expect(store.snapshot()).toEqual([]);
    expect(errors).toEqual(["rt"]);
  });
});

describe("CustomMetricStore: cardinality limit", () => {
  it("drops and counts new series beyond the limit, keeps updating existing ones", () => {
    const overflow: string[] = [];
    const store = new CustomMetricStore({ seriesLimit: 2, onOverflow: (name) => overflow.push(name) });
    expect(store.upsert(gauge("1", { i: "1" }))).toBeUndefined();
    expect(store.upsert(gauge("1", { i: "2" }))).toBeUndefined();
    expect(store.upsert(gauge("1", { i: "3" }))).toBe(
      'metric g reached its limit of 2 series; series {i="3"} was dropped',
    );
    expect(store.upsert(gauge("5", { i: "1" }))).toBeUndefined();
    expect(overflow).toEqual(["g"]);
    expect(store.upsert(counter("1", { i: "1" }))).toBeUndefined(); // the limit is per metric
    expect(store.seriesCount).toBe(3);
  });
});

describe("CustomMetricStore: snapshot isolation", () => {
  it("a snapshot is not changed by later writes, deletes or expiry", () => {
    const clock = new FakeClock();
    const store = new CustomMetricStore({ clock, ttlMs: MINUTE });
    store.upsert(gauge("1", { k: "a" }));
    store.upsert({ name: "h", help: "h", histogram: { value: "1", buckets: [1] } });
    const before = store.snapshot();
    const copy = JSON.stringify(before);
    store.upsert(gauge("99", { k: "a" }));
    store.upsert({ name: "h", help: "h", histogram: { value: "7", buckets: [1] } });
    clock.advance(2 * MINUTE);
    store.gc();
    expect(JSON.stringify(before)).toBe(copy);
  });

  it("a value function that writes to the store during a snapshot cannot tear or duplicate it", () => {
    const store = new CustomMetricStore();
    store.upsert(gauge("1", { k: "a" }));
    store.upsert(realtime("rt"), "wf", () => {
      // Re-entrant writes: delete-and-recreate the series already captured, create new ones, set values.
      store.deleteRealtime("other");
      store.upsert(gauge("2", { k: "a" }));
      store.upsert(gauge("3", { k: "z" }));
      return 5;
    });
    const snap = store.snapshot();
    expect(points(snap, "g")).toEqual([{ labels: { k: "a" }, value: 1 }]);
    expect(points(snap, "rt")).toEqual([{ labels: {}, value: 5 }]);
    expect(points(store.snapshot(), "g")).toEqual([
      { labels: { k: "a" }, value: 2 },
      { labels: { k: "z" }, value: 3 },
    ]);
  });

  it("label objects handed out are frozen", () => {
    const store = new CustomMetricStore();
    store.upsert(gauge("1", { k: "a" }));
    const metric = store.snapshot()[0] as GaugeMetricData;
    expect(Object.isFrozen(metric.dataPoints[0]?.attributes)).toBe(true);
  });
});
