import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../test/support/fake-clock.js";
import { CustomMetricStore } from "./custom-store.js";

/** A plain model of the store's semantics, checked against the store after every command. */
interface ModelSeries {
  value: number;
  realtime: number | undefined; // the constant the realtime function returns
  owner: string | undefined;
  lastUpdated: number;
}

type Command =
  | { readonly op: "gauge"; readonly k: number; readonly v: number; readonly mode: "Set" | "Add" | "Sub" }
  | { readonly op: "counter"; readonly k: number; readonly v: number }
  | { readonly op: "realtime"; readonly k: number; readonly owner: number; readonly v: number }
  | { readonly op: "complete" | "delete"; readonly owner: number }
  | { readonly op: "gc" }
  | { readonly op: "advance"; readonly ms: number };

const TTL = 100;

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant("gauge" as const),
    k: fc.nat(3),
    v: fc.integer({ min: 0, max: 50 }),
    mode: fc.constantFrom("Set" as const, "Add" as const, "Sub" as const),
  }),
  fc.record({ op: fc.constant("counter" as const), k: fc.nat(3), v: fc.integer({ min: 0, max: 50 }) }),
  fc.record({
    op: fc.constant("realtime" as const),
    k: fc.nat(3),
    owner: fc.nat(2),
    v: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({ op: fc.constantFrom("complete" as const, "delete" as const), owner: fc.nat(2) }),
  fc.constant({ op: "gc" as const }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.constantFrom(1, 25, 50, 99, 100, 101) }),
);

describe("CustomMetricStore against a model", () => {
  it("upsert / complete / delete / gc / time agree with the model at every step", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        const clock = new FakeClock(0);
        const store = new CustomMetricStore({ clock, ttlMs: TTL });
        // The gauge family (static and realtime share it, as in Argo) and the counter family.
        const model = { g: new Map<number, ModelSeries>(), c: new Map<number, ModelSeries>() };
        for (const cmd of commands) {
          const now = clock.now();
          switch (cmd.op) {
            case "gauge": {
              store.upsert({
                name: "g",
                help: "g",
                labels: [{ key: "k", value: String(cmd.k) }],
                gauge: { value: String(cmd.v), operation: cmd.mode },
              });
              const s = model.g.get(cmd.k) ?? {
                value: 0,
                realtime: undefined,
                owner: undefined,
                lastUpdated: now,
              };
              s.value = cmd.mode === "Set" ? cmd.v : cmd.mode === "Add" ? s.value + cmd.v : s.value - cmd.v;
              s.realtime = undefined;
              s.owner = undefined;
              s.lastUpdated = now;
              model.g.set(cmd.k, s);
              break;
            }
            case "counter": {
              store.upsert({
                name: "c",
                help: "c",
                labels: [{ key: "k", value: String(cmd.k) }],
                counter: { value: String(cmd.v) },
              });
              const s = model.c.get(cmd.k) ?? {
                value: 0,
                realtime: undefined,
                owner: undefined,
                lastUpdated: now,
              };
              s.value += cmd.v;
              s.lastUpdated = now;
              model.c.set(cmd.k, s);
              break;
            }
            case "realtime": {
              const spec = {
                name: "g",
                help: "g",
                labels: [{ key: "k", value: String(cmd.k) }],
                gauge: { value: "{{x}}", realtime: true },
              };
              store.upsert(spec, `o${cmd.owner}`, () => cmd.v);
              const s = model.g.get(cmd.k) ?? {
                value: 0,
                realtime: undefined,
                owner: undefined,
                lastUpdated: now,
              };
              s.realtime = cmd.v;
              s.owner = `o${cmd.owner}`;
              s.lastUpdated = now;
              model.g.set(cmd.k, s);
              break;
            }
            case "complete":
              store.completeRealtime(`o${cmd.owner}`);
              for (const s of model.g.values()) {
                if (s.owner !== `o${cmd.owner}` || s.realtime === undefined) continue;
                s.value = s.realtime;
                s.realtime = undefined;
                s.lastUpdated = now;
              }
              break;
            case "delete":
              store.deleteRealtime(`o${cmd.owner}`);
              for (const [k, s] of model.g) if (s.owner === `o${cmd.owner}`) model.g.delete(k);
              break;
            case "gc":
              store.gc();
              for (const family of [model.g, model.c]) {
                for (const [k, s] of family)
                  if (s.realtime === undefined && now - s.lastUpdated > TTL) family.delete(k);
              }
              break;
            case "advance":
              clock.advance(cmd.ms);
              break;
          }
          const actual: Record<string, number> = {};
          for (const metric of store.snapshot()) {
            for (const p of metric.dataPoints)
              actual[`${metric.descriptor.name}${String(p.attributes.k)}`] = p.value as number;
          }
          const expected: Record<string, number> = {};
          for (const [k, s] of model.g) expected[`g${k}`] = s.realtime ?? s.value;
          for (const [k, s] of model.c) expected[`c${k}`] = s.value;
          expect(actual).toEqual(expected);
          expect(store.seriesCount).toBe(model.g.size + model.c.size);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
