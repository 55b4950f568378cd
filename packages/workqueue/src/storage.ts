/**
 * Where a queue keeps the items that are ready to be handed out (client-go's `Queue[T]`). The queue calls these
 * methods only while it owns the item: `push` for an item that is dirty and not being processed, `touch` when such an
 * item is added again (a priority storage may re-rank it), `pop` only when `len() > 0`.
 */
export interface QueueStorage<T> {
  push(item: T): void;
  pop(): T;
  len(): number;
  touch(item: T): void;
}

/**
 * First-in first-out storage, the default. Amortised O(1) push and pop; a popped slot is cleared at once so the
 * storage never keeps a reference to an item it handed out.
 */
export class FifoStorage<T> implements QueueStorage<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  push(item: T): void {
    this.#items.push(item);
  }

  pop(): T {
    const items = this.#items;
    if (this.#head >= items.length) throw new RangeError("FifoStorage.pop: storage is empty");
    const item = items[this.#head] as T;
    items[this.#head] = undefined;
    this.#head++;
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= items.length) {
      items.splice(0, this.#head);
      this.#head = 0;
    }
    return item;
  }

  len(): number {
    return this.#items.length - this.#head;
  }

  touch(_item: T): void {}
}
