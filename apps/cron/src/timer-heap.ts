import type { Clock } from "./clock.js";

interface Entry {
  key: string;
  at: number;
  seq: number;
  index: number;
}

/**
 * One timer for every CronWorkflow: a binary min-heap of (due time, key) with a single clock timer armed for the
 * earliest entry. Each key has at most one entry; `schedule` moves it (earlier or later). Due entries fire in due
 * order (then insertion order) through `onDue(key, dueMs)`.
 */
export class TimerHeap {
  readonly #clock: Clock;
  readonly #onDue: (key: string, dueMs: number) => void;
  readonly #heap: Entry[] = [];
  readonly #byKey = new Map<string, Entry>();
  #seq = 0;
  #timer: { cancel(): void } | undefined;
  #armedAt: number | undefined;
  #stopped = false;

  constructor(clock: Clock, onDue: (key: string, dueMs: number) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  get size(): number {
    return this.#heap.length;
  }

  /** The due time of `key`, if scheduled. */
  dueAt(key: string): number | undefined {
    return this.#byKey.get(key)?.at;
  }

  /** The earliest due time, if any. */
  peek(): number | undefined {
    return this.#heap[0]?.at;
  }

  schedule(key: string, atMs: number): void {
    if (this.#stopped) return;
    const existing = this.#byKey.get(key);
    if (existing !== undefined) {
      const earlier = atMs < existing.at;
      existing.at = atMs;
      existing.seq = this.#seq++;
      if (earlier) this.#up(existing.index);
      else this.#down(existing.index);
    } else {
      const entry: Entry = { key, at: atMs, seq: this.#seq++, index: this.#heap.length };
      this.#heap.push(entry);
      this.#byKey.set(key, entry);
      this.#up(entry.index);
    }
    this.#arm();
  }

  cancel(key: string): void {
    const entry = this.#byKey.get(key);
    if (entry === undefined) return;
    this.#removeAt(entry.index);
    this.#arm();
  }

  /** Cancels everything; later `schedule` calls are ignored. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#heap.length = 0;
    this.#byKey.clear();
  }

  #arm(): void {
    const first = this.#heap[0];
    if (first === undefined) {
      this.#timer?.cancel();
      this.#timer = undefined;
      this.#armedAt = undefined;
      return;
    }
    if (this.#timer !== undefined && this.#armedAt === first.at) return;
    this.#timer?.cancel();
    this.#armedAt = first.at;
    this.#timer = this.#clock.setTimer(() => this.#fire(), first.at - this.#clock.now(), { unref: true });
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = undefined;
    const now = this.#clock.now();
    for (let first = this.#heap[0]; first !== undefined && first.at <= now; first = this.#heap[0]) {
      this.#removeAt(0);
      this.#onDue(first.key, first.at);
      if (this.#stopped) return;
    }
    this.#arm();
  }

  #less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const a = this.#heap[i] as Entry;
    const b = this.#heap[j] as Entry;
    this.#heap[i] = b;
    this.#heap[j] = a;
    b.index = i;
    a.index = j;
  }

  #up(i: number): void {
    let index = i;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(this.#heap[index] as Entry, this.#heap[parent] as Entry)) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(i: number): void {
    let index = i;
    const n = this.#heap.length;
    for (;;) {
      const l = 2 * index + 1;
      const r = l + 1;
      let best = index;
      if (l < n && this.#less(this.#heap[l] as Entry, this.#heap[best] as Entry)) best = l;
      if (r < n && this.#less(this.#heap[r] as Entry, this.#heap[best] as Entry)) best = r;
      if (best === index) return;
      this.#swap(index, best);
      index = best;
    }
  }

  #removeAt(i: number): void {
    const entry = this.#heap[i] as Entry;
    const last = this.#heap.pop() as Entry;
    this.#byKey.delete(entry.key);
    if (i < this.#heap.length) {
      this.#heap[i] = last;
      last.index = i;
      this.#up(i);
      this.#down(last.index);
    }
  }
}
