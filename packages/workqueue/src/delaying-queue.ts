import { MAX_TIMER_DELAY_MS, type Timer } from "./clock.js";
import { type HeapEntry, IndexedHeap } from "./heap.js";
import { Queue } from "./queue.js";

interface WaitingEntry<T, K> extends HeapEntry {
  item: T;
  readonly key: K;
  readyAt: number;
  readonly seq: number;
}

function earlier<T, K>(a: WaitingEntry<T, K>, b: WaitingEntry<T, K>): boolean {
  return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);
}

/**
 * A {@link Queue} with {@link DelayingQueue.addAfter}. Waiting items live in one min-heap ordered by ready time
 * (ties: order of the first `addAfter`), with a single clock timer armed for the earliest; each `addAfter` costs
 * O(log n) and no timer of its own.
 */
export class DelayingQueue<T, K = T> extends Queue<T, K> {
  readonly #heap = new IndexedHeap<WaitingEntry<T, K>>(earlier);
  readonly #waiting = new Map<K, WaitingEntry<T, K>>();
  #seq = 0;
  #timer: Timer | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  /**
   * Adds `item` once `delayMs` has passed (≤ 0: now, as {@link Queue.add}). If the item is already waiting, the
   * earlier of the two ready times is kept: a later `addAfter` never postpones it. Ignored once shutting down.
   * Counts in the `retries` metric (as client-go, including `delayMs ≤ 0`).
   */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (typeof delayMs !== "number" || Number.isNaN(delayMs)) {
      throw new TypeError(`workqueue.addAfter: delayMs must be a number, got ${String(delayMs)}`);
    }
    this.recorder.retry();
    if (!(delayMs > 0)) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const key = this.keyOf(item);
    const existing = this.#waiting.get(key);
    if (existing !== undefined) {
      if (readyAt >= existing.readyAt) return;
      existing.readyAt = readyAt;
      existing.item = item;
      this.#heap.fix(existing);
    } else {
      const entry: WaitingEntry<T, K> = { item, key, readyAt, seq: this.#seq++, heapIndex: -1 };
      this.#waiting.set(key, entry);
      this.#heap.push(entry);
    }
    if (readyAt < this.#timerAt) this.#arm();
  }

  /** Items waiting for their delay (not part of {@link Queue.len}). */
  waitingLen(): number {
    return this.#heap.size;
  }

  protected override onShutdown(): void {
    super.onShutdown();
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    this.#heap.clear();
    this.#waiting.clear();
  }

  #arm(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const head = this.#heap.peek();
    if (head === undefined || head.readyAt === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(Math.max(0, head.readyAt - this.clock.now()), MAX_TIMER_DELAY_MS);
    this.#timerAt = head.readyAt;
    this.#timer = this.clock.setTimer(() => this.#fire(), delay);
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    for (let head = this.#heap.peek(); head !== undefined && head.readyAt <= now; head = this.#heap.peek()) {
      this.#heap.pop();
      this.#waiting.delete(head.key);
      this.add(head.item);
    }
    if (!this.shuttingDown()) this.#arm();
  }
}
