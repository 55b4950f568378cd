/** An element of {@link IndexedHeap}: the heap keeps `heapIndex` current so entries can be re-ranked in O(log n). */
export interface HeapEntry {
  heapIndex: number;
}

/**
 * A binary min-heap of entries ordered by `less`. Internal: used by the delaying queue's waiting list and the
 * priority storage.
 */
export class IndexedHeap<E extends HeapEntry> {
  readonly #less: (a: E, b: E) => boolean;
  readonly #items: E[] = [];

  constructor(less: (a: E, b: E) => boolean) {
    this.#less = less;
  }

  get size(): number {
    return this.#items.length;
  }

  peek(): E | undefined {
    return this.#items[0];
  }

  push(entry: E): void {
    entry.heapIndex = this.#items.length;
    this.#items.push(entry);
    this.#up(entry.heapIndex);
  }

  pop(): E | undefined {
    const items = this.#items;
    const top = items[0];
    if (top === undefined) return undefined;
    const last = items.pop() as E;
    if (items.length > 0) {
      items[0] = last;
      last.heapIndex = 0;
      this.#down(0);
    }
    top.heapIndex = -1;
    return top;
  }

  /** Restores the order after `entry`'s rank changed. */
  fix(entry: E): void {
    if (!this.#up(entry.heapIndex)) this.#down(entry.heapIndex);
  }

  clear(): void {
    for (const e of this.#items) e.heapIndex = -1;
    this.#items.length = 0;
  }

  #up(start: number): boolean {
    const items = this.#items;
    let i = start;
    const entry = items[i] as E;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex] as E;
      if (!this.#less(entry, parent)) break;
      items[i] = parent;
      parent.heapIndex = i;
      i = parentIndex;
    }
    items[i] = entry;
    entry.heapIndex = i;
    return i !== start;
  }

  #down(start: number): void {
    const items = this.#items;
    const n = items.length;
    let i = start;
    const entry = items[i] as E;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.#less(items[right] as E, items[left] as E)) child = right;
      const c = items[child] as E;
      if (!this.#less(c, entry)) break;
      items[i] = c;
      c.heapIndex = i;
      i = child;
    }
    items[i] = entry;
    entry.heapIndex = i;
  }
}
