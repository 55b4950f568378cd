import type { Clock as KubeClock } from "@weft/kube";
import type { Clock as RetryClock } from "@weft/retry";

/**
 * The scheduler's time source: wall-clock milliseconds since the Unix epoch (schedules are wall-clock) and one-shot
 * timers. It has the shape of `@weft/workqueue`'s `Clock`, so one `FakeClock` from that package (started at an
 * epoch instant) drives the timer heap, the work queue and the creation retries in tests.
 */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, delayMs: number, options?: { unref?: boolean }): { cancel(): void };
}

/** The longest delay `setTimeout` accepts; longer waits are re-armed in steps. */
const MAX_DELAY_MS = 2_147_483_647;

/** `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs, options) {
    const handle = setTimeout(callback, Math.min(Math.max(0, delayMs), MAX_DELAY_MS));
    if (options?.unref === true) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

/** `@weft/retry`'s clock (now + abortable sleep) on top of a scheduler clock. */
export function retryClock(clock: Clock): RetryClock {
  return {
    now: () => clock.now(),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted === true) {
          reject(signal.reason);
          return;
        }
        const onAbort = (): void => {
          timer.cancel();
          reject(signal?.reason);
        };
        const timer = clock.setTimer(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/** `@weft/kube`'s clock (the scheduler clock, which is wall time, serves as both of its scales). */
export function kubeClock(clock: Clock): KubeClock {
  return {
    now: () => clock.now(),
    wallNow: () => clock.now(),
    setTimer: (callback, delayMs, options) => clock.setTimer(callback, delayMs, options),
  };
}
