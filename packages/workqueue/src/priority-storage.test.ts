import { describe, expect, it } from "vitest";
import { PriorityStorage } from "./priority-storage.ts";
import { Queue } from "./queue.ts";

interface Job {
  id: string;
  priority: number;
}

describe("PriorityStorage", () => {
  it("hands out the highest priority first, FIFO among equals", () => {
    const s = new PriorityStorage<Job>({ priority: (j) => j.priority, key: (j) => j.id });
    for (const [id, priority] of [
      ["a", 1],
      ["b", 5],
      ["c", 1],
      ["d", 5],
      ["e", 3],
    ] as const) {
      s.push({ id, priority });
    }
    expect(s.len()).toBe(5);
    expect(Array.from({ length: 5 }, () => s.pop().id)).toEqual(["b", "d", "e", "a", "c"]);
    expect(() => s.pop()).toThrow(RangeError);
  });

  it("re-adding a waiting item with a raised priority moves it up (touch)", async () => {
    const key = (j: Job) => j.id;
    const q = new Queue<Job, string>({
      key,
      storage: new PriorityStorage({ priority: (j) => j.priority, key }),
    });
    q.add({ id: "low", priority: 1 });
    q.add({ id: "mid", priority: 2 });
    q.add({ id: "low", priority: 9 });
    expect(q.len()).toBe(2);
    const first = await q.get();
    expect(first.shutdown === false && first.item.id).toBe("low");
  });

  it("rejects a missing priority function and a NaN priority", () => {
    expect(() => new PriorityStorage<Job>({} as never)).toThrow(/priority/);
    const s = new PriorityStorage<Job>({ priority: () => Number.NaN });
    expect(() => s.push({ id: "x", priority: 0 })).toThrow(TypeError);
  });
});
