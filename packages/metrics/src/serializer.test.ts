import { ValueType } from "@opentelemetry/api";
import { emptyResource } from "@opentelemetry/resources";
import { AggregationTemporality, DataPointType, type MetricData } from "@opentelemetry/sdk-metrics";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CustomMetricStore } from "./custom-store.js";
import { parseExposition } from "./exposition-parser.js";
import { formatValue, serializeMetrics } from "./serializer.js";

const descriptor = (name: string, description = "help") => ({
  name,
  description,
  unit: "",
  valueType: ValueType.DOUBLE,
});
const point = (value: number, attributes: Record<string, string> = {}) => ({
  startTime: [0, 0] as [number, number],
  endTime: [0, 0] as [number, number],
  attributes,
  value,
});
const sum = (name: string, points: ReturnType<typeof point>[]): MetricData => ({
  descriptor: descriptor(name),
  aggregationTemporality: AggregationTemporality.CUMULATIVE,
  dataPointType: DataPointType.SUM,
  isMonotonic: true,
  dataPoints: points,
});
const serialize = (metrics: MetricData[], prefix = "argo_workflows") =>
  serializeMetrics(
    { resource: emptyResource(), scopeMetrics: [{ scope: { name: "s" }, metrics }] },
    { prefix },
  );

describe("serializeMetrics", () => {
  it("keeps counter names as given: no _total added, none doubled", () => {
    const { text } = serialize([
      sum("queue_adds_count", [point(3)]),
      sum("cronworkflows_triggered_total", [point(1)]),
    ]);
    expect(text).toBe(
      "# HELP argo_workflows_queue_adds_count help\n# TYPE argo_workflows_queue_adds_count counter\nargo_workflows_queue_adds_count 3\n" +
        "# HELP argo_workflows_cronworkflows_triggered_total help\n# TYPE argo_workflows_cronworkflows_triggered_total counter\nargo_workflows_cronworkflows_triggered_total 1\n",
    );
  });

  it("escapes help and label values", () => {
    const metric: MetricData = {
      descriptor: descriptor("g", 'line1\nback\\slash "q"'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [point(Number.NaN, { v: 'a"b\\c\nd' })],
    };
    expect(serialize([metric], "").text).toBe(
      '# HELP g line1\\nback\\\\slash "q"\n# TYPE g gauge\ng{v="a\\"b\\\\c\\nd"} NaN\n',
    );
  });

  it("formats special values", () => {
    expect(
      [1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e21].map(formatValue),
    ).toEqual(["1.5", "+Inf", "-Inf", "NaN", "1e+21"]);
  });

  it("merges same-name metrics into one family and drops a repeated series", () => {
    const report = serialize([
      sum("c", [point(1, { a: "1" })]),
      sum("c", [point(2, { a: "1" }), point(3, { a: "2" })]),
    ]);
    expect(report.duplicateSeries).toBe(1);
    expect(parseExposition(report.text)).toHaveLength(1);
    expect(report.text.match(/# TYPE/g)).toHaveLength(1);
  });

  it("drops a same-name metric of another type", () => {
    const gauge: MetricData = {
      descriptor: descriptor("c"),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [point(1)],
    };
    const report = serialize([sum("c", [point(1)]), gauge]);
    expect(report.conflictingMetrics).toBe(1);
    expect(parseExposition(report.text)[0]?.type).toBe("counter");
  });

  it("property: any custom metrics the store accepts serialize to valid exposition text that round-trips", () => {
    const labelValue = fc.string({
      maxLength: 8,
      unit: fc.constantFrom("a", "\\", '"', "\n", "é", " ", "{", "}", ",", "="),
    });
    const op = fc.record({
      kind: fc.constantFrom("gauge", "counter", "histogram"),
      name: fc.constantFrom("m1", "m2", "m3"),
      labels: fc.dictionary(fc.constantFrom("a", "b", "c"), labelValue, { maxKeys: 3 }),
      value: fc.double({ min: 0, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const store = new CustomMetricStore();
        const expected = new Map<string, number>();
        for (const o of ops) {
          const labels = Object.entries(o.labels).map(([key, value]) => ({ key, value }));
          const name = `${o.name}_${o.kind}`;
          const base = { name, help: `help of ${name}`, labels };
          const spec =
            o.kind === "gauge"
              ? { ...base, gauge: { value: String(o.value) } }
              : o.kind === "counter"
                ? { ...base, counter: { value: String(o.value) } }
                : { ...base, histogram: { value: String(o.value), buckets: [1, 1000] } };
          expect(store.upsert(spec)).toBeUndefined();
          if (o.kind !== "histogram") {
            const key = `argo_workflows_${name}${JSON.stringify(Object.entries(o.labels).sort())}`;
            expected.set(key, o.kind === "counter" ? (expected.get(key) ?? 0) + o.value : o.value);
          }
        }
        const text = serialize(store.snapshot()).text;
        const seen = new Map<string, number>();
        for (const family of parseExposition(text)) {
          if (family.type === "histogram") continue;
          for (const s of family.samples)
            seen.set(`${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`, s.value);
        }
        expect(seen.size).toBe(expected.size);
        for (const [key, value] of expected) expect(seen.get(key)).toBeCloseTo(value, 6);
      }),
      { numRuns: 200 },
    );
  });
});
