import type { JitterMode } from "./options.js";

/** The longest wait a Node timer can express (a longer one would fire at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The resolved numbers of a backoff schedule. */
export interface Schedule {
  readonly baseDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  readonly jitter: number;
  readonly jitterMode: JitterMode;
}

/**
 * The wait before retry number `retry` (1 = the first retry): base * factor^(retry-1), capped, then jittered
 * within the cap; a server's `retryAfterMs` hint lengthens it, never past the cap. Always within [0, MAX_TIMER_MS].
 */
export function backoffDelay(
  s: Schedule,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const raw = s.baseDelayMs * s.factor ** (retry - 1);
  const d = Number.isFinite(raw) ? Math.min(raw, s.maxDelayMs) : s.maxDelayMs;
  const r = Math.min(Math.max(random(), 0), 1);
  let delay: number;
  switch (s.jitterMode) {
    case "proportional":
      delay = Math.min(s.maxDelayMs, d * (1 + s.jitter * r));
      break;
    case "full":
      delay = d * (1 - s.jitter * r);
      break;
    case "equal":
      delay = d * (1 - (s.jitter * r) / 2);
      break;
    default:
      delay = d;
  }
  if (retryAfterMs !== undefined && retryAfterMs > delay) delay = Math.min(retryAfterMs, s.maxDelayMs);
  return Math.max(0, Math.min(delay, MAX_TIMER_MS));
}
