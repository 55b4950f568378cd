import type { Clock as QueueClock, Timer, TimerOptions } from "@weft/workqueue";

/**
 * Time as this package sees it: the workqueue's clock (`now()` on a monotonic scale, one-shot timers, so a
 * `RateLimitingQueue` and a `TokenBucket` can share it) plus the wall clock that Lease and Event timestamps carry.
 */
export interface Clock extends QueueClock {
  /** Milliseconds since the epoch, for timestamps written to the API server. */
  wallNow(): number;
}

/** The process clock: `performance.now()`, `setTimeout`, `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimer(callback: () => void, delayMs: number, options?: TimerOptions): Timer {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), 2_147_483_647));
    if (options?.unref === true) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Resolves after `ms` on `clock`; rejects with `signal.reason` as soon as `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortReason(signal as AbortSignal));
    };
    const timer = clock.setTimer(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      ms,
      { unref: true },
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Resolves (never rejects) after `ms`, or at once when `signal` aborts. */
export function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(clock, ms, signal).catch(() => undefined);
}
