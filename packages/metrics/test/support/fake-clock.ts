import type { Clock, Ticker } from "../../src/clock.js";

/** A manual clock: `advance(ms)` moves time and fires due tickers in order. */
export class FakeClock implements Clock {
  #now: number;
  #tickers: { every: number; next: number; fn: () => void; stopped: boolean }[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, fn: () => void): Ticker {
    const ticker = { every: ms, next: this.#now + ms, fn, stopped: false };
    this.#tickers.push(ticker);
    return {
      stop: () => {
        ticker.stopped = true;
      },
    };
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#tickers
        .filter((t) => !t.stopped && t.next <= target)
        .sort((a, b) => a.next - b.next)[0];
      if (due === undefined) break;
      this.#now = due.next;
      due.next += due.every;
      due.fn();
    }
    this.#now = target;
  }

  get activeTickers(): number {
    return this.#tickers.filter((t) => !t.stopped).length;
  }
}
