import { type HeapEntry, IndexedHeap } from "./heap.js";
import type { QueueStorage } from "./storage.js";

interface PriorityEntry<T> extends HeapEntry {
  item: T;
  priority: number;
  seq: number;
}

export interface PriorityStorageOptions<T> {
  /** Higher numbers are handed out first. Read on `push` and again on `touch`. */
  priority: (item: T) => number;
  /**
   * Identity of an item for `touch`; must agree with the queue's `key` option. Default: the item itself
   * (strings, numbers, object identity).
   */
  key?: (item: T) => unknown;
}

/**
 * Storage that hands out the highest-priority item first, first-in first-out among equal priorities. `touch` (an
 * add of an item that is already waiting) re-reads its priority, so re-adding with a raised priority moves it up.
 */
export class PriorityStorage<T> implements QueueStorage<T> {
  readonly #priority: (item: T) => number;
  readonly #key: (item: T) => unknown;
  readonly #byKey = new Map<unknown, PriorityEntry<T>>();
  readonly #heap = new IndexedHeap<PriorityEntry<T>>((a, b) =>
    a.priority === b.priority ? a.seq < b.seq : a.priority > b.priority,
  );
  #seq = 0;

  constructor(options: PriorityStorageOptions<T>) {
    if (typeof options?.priority !== "function") {
      throw new TypeError("PriorityStorage: options.priority must be a function (item) => number");
    }
    this.#priority = options.priority;
    this.#key = options.key ?? ((item) => item);
  }

  push(item: T): void {
    const entry: PriorityEntry<T> = { item, priority: this.#rank(item), seq: this.#seq++, heapIndex: -1 };
    this.#byKey.set(this.#key(item), entry);
    this.#heap.push(entry);
  }

  pop(): T {
    const entry = this.#heap.pop();
    if (entry === undefined) throw new RangeError("PriorityStorage.pop: storage is empty");
    this.#byKey.delete(this.#key(entry.item));
    return entry.item;
  }

  len(): number {
    return this.#heap.size;
  }

  touch(item: T): void {
    const entry = this.#byKey.get(this.#key(item));
    if (entry === undefined) return;
    entry.priority = this.#rank(item);
    this.#heap.fix(entry);
  }

  #rank(item: T): number {
    const p = this.#priority(item);
    if (typeof p !== "number" || Number.isNaN(p)) {
      throw new TypeError(`PriorityStorage: priority(item) must return a number, got ${String(p)}`);
    }
    return p;
  }
}
