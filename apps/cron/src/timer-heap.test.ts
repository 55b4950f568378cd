import { FakeClock } from "@weft/workqueue";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TimerHeap } from "./timer-heap.js";

describe("TimerHeap", () => {
  it("keeps one clock timer for many keys and fires in due order", () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    const heap = new TimerHeap(clock, (key) => fired.push(key));
    for (let i = 0; i < 1000; i++) heap.schedule(`k${i}`, 1000 + ((i * 7919) % 1000));
    expect(clock.pendingTimers()).toBe(1);
    heap.schedule("first", 10);
    heap.schedule("k5", 5); // moved earlier
    expect(clock.pendingTimers()).toBe(1);
    clock.step(2000);
    expect(fired.slice(0, 2)).toEqual(["k5", "first"]);
    expect(fired).toHaveLength(1001);
    expect(heap.size).toBe(0);
  });

  it("moves, cancels and stops", () => {
    const clock = new FakeClock(0);
    const fired: Array<[string, number]> = [];
    const heap = new TimerHeap(clock, (key, due) => fired.push([key, due]));
    heap.schedule("a", 100);
    heap.schedule("b", 200);
    heap.schedule("a", 300); // later
    heap.cancel("b");
    clock.step(250);
    expect(fired).toEqual([]);
    clock.step(50);
    expect(fired).toEqual([["a", 300]]);
    heap.schedule("c", 400);
    heap.stop();
    clock.step(1000);
    expect(fired).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("matches a model under random operations (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant("schedule" as const),
              key: fc.integer({ min: 0, max: 9 }),
              at: fc.integer({ min: 0, max: 500 }),
            }),
            fc.record({ op: fc.constant("cancel" as const), key: fc.integer({ min: 0, max: 9 }) }),
            fc.record({ op: fc.constant("step" as const), ms: fc.integer({ min: 0, max: 100 }) }),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const clock = new FakeClock(0);
          const fired: string[] = [];
          const heap = new TimerHeap(clock, (key) => fired.push(key));
          const model = new Map<string, number>();
          const expected: string[] = [];
          for (const o of ops) {
            if (o.op === "schedule") {
              heap.schedule(`k${o.key}`, o.at);
              model.set(`k${o.key}`, o.at);
            } else if (o.op === "cancel") {
              heap.cancel(`k${o.key}`);
              model.delete(`k${o.key}`);
            } else {
              const target = clock.now() + o.ms;
              clock.step(o.ms);
              const due = [...model].filter(([, at]) => at <= target).sort((a, b) => a[1] - b[1]);
              for (const [k] of due) {
                model.delete(k);
                expected.push(k);
              }
            }
            expect(heap.size).toBe(model.size);
          }
          expect([...fired].sort()).toEqual([...expected].sort());
        },
      ),
    );
  });
});
