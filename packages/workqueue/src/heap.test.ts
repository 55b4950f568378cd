import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type HeapEntry, IndexedHeap } from "./heap.ts";

interface E extends HeapEntry {
  rank: number;
  seq: number;
}

const less = (a: E, b: E) => a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);

describe("IndexedHeap", () => {
  it("pops in (rank, seq) order under random pushes, pops and re-ranks", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("push" as const), rank: fc.integer({ min: 0, max: 20 }) }),
            fc.record({ op: fc.constant("pop" as const) }),
            fc.record({
              op: fc.constant("fix" as const),
              pick: fc.nat(),
              rank: fc.integer({ min: 0, max: 20 }),
            }),
          ),
          { maxLength: 200 },
        ),
        (ops) => {
          const heap = new IndexedHeap<E>(less);
          const live: E[] = [];
          let seq = 0;
          for (const o of ops) {
            if (o.op === "push") {
              const e: E = { rank: o.rank, seq: seq++, heapIndex: -1 };
              heap.push(e);
              live.push(e);
            } else if (o.op === "pop") {
              live.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
              const expected = live.shift();
              expect(heap.pop()).toBe(expected);
              if (expected !== undefined) expect(expected.heapIndex).toBe(-1);
            } else if (live.length > 0) {
              const e = live[o.pick % live.length] as E;
              e.rank = o.rank;
              heap.fix(e);
            }
            expect(heap.size).toBe(live.length);
          }
          live.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
          expect(heap.peek()).toBe(live[0]);
          const drained: E[] = [];
          for (let e = heap.pop(); e !== undefined; e = heap.pop()) drained.push(e);
          expect(drained).toEqual(live);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("clear empties the heap and detaches entries", () => {
    const heap = new IndexedHeap<E>(less);
    const e: E = { rank: 1, seq: 0, heapIndex: -1 };
    heap.push(e);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(e.heapIndex).toBe(-1);
    expect(heap.pop()).toBeUndefined();
  });
});
