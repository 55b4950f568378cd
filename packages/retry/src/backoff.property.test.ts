import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, MAX_TIMER_MS, type Schedule } from "./backoff.ts";
import { FakeClock } from "./clock.ts";
import { RetryPolicy } from "./retry.ts";

const schedule = fc.record<Schedule>({
  baseDelayMs: fc.double({ min: 0, max: 1e7, noNaN: true }),
  factor: fc.double({ min: 1, max: 100, noNaN: true }),
  maxDelayMs: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY)),
  jitter: fc.double({ min: 0, max: 1, noNaN: true }),
  jitterMode: fc.constantFrom("none", "proportional", "full", "equal"),
});
const retryNumber = fc.integer({ min: 1, max: 2000 });
const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe("backoff schedule (property-based)", () => {
  it("every delay is a number within [0, min(maxDelayMs, MAX_TIMER_MS)], even far into the schedule", () => {
    fc.assert(
      fc.property(schedule, retryNumber, draw, (s, n, r) => {
        const d = backoffDelay(s, n, () => r);
        expect(Number.isNaN(d)).toBe(false);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(s.maxDelayMs, MAX_TIMER_MS));
      }),
    );
  });

  it("without jitter the delays never decrease and reach the cap and stay there", () => {
    fc.assert(
      fc.property(schedule, retryNumber, (s0, n) => {
        const s = { ...s0, jitterMode: "none" as const };
        const a = backoffDelay(s, n, Math.random);
        const b = backoffDelay(s, n + 1, Math.random);
        expect(b).toBeGreaterThanOrEqual(a);
        if (a === Math.min(s.maxDelayMs, MAX_TIMER_MS)) expect(b).toBe(a);
      }),
    );
  });

  it("each jitter mode stays within its band around the un-jittered delay", () => {
    fc.assert(
      fc.property(schedule, retryNumber, draw, (s, n, r) => {
        const plain = backoffDelay({ ...s, jitterMode: "none" }, n, () => r);
        const d = backoffDelay(s, n, () => r);
        const eps = 1e-9 * Math.max(1, plain);
        if (s.jitterMode === "proportional") {
          expect(d).toBeGreaterThanOrEqual(plain - eps);
          expect(d).toBeLessThanOrEqual(Math.min(plain * (1 + s.jitter), s.maxDelayMs, MAX_TIMER_MS) + eps);
        } else if (s.jitterMode === "full") {
          expect(d).toBeGreaterThanOrEqual(plain * (1 - s.jitter) - eps);
          expect(d).toBeLessThanOrEqual(plain + eps);
        } else if (s.jitterMode === "equal") {
          expect(d).toBeGreaterThanOrEqual(plain * (1 - s.jitter / 2) - eps);
          expect(d).toBeLessThanOrEqual(plain + eps);
        } else {
          expect(d).toBe(plain);
        }
      }),
    );
  });

  it("a Retry-After hint is honoured but never beyond the cap", () => {
    fc.assert(
      fc.property(
        schedule,
        retryNumber,
        draw,
        fc.double({ min: 0, max: 1e8, noNaN: true }),
        (s, n, r, hint) => {
          const d = backoffDelay(s, n, () => r, hint);
          expect(d).toBeGreaterThanOrEqual(
            Math.min(
              hint,
              s.maxDelayMs,
              MAX_TIMER_MS,
              backoffDelay(s, n, () => r),
            ),
          );
          expect(d).toBeLessThanOrEqual(Math.min(s.maxDelayMs, MAX_TIMER_MS));
        },
      ),
    );
  });

  it("an always-failing call never runs past maxElapsedMs, whatever the schedule", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 50 }),
        async (maxElapsedMs, baseDelayMs, factor, jitter, maxAttempts, attemptCostMs) => {
          const clock = new FakeClock({ auto: true });
          let attempts = 0;
          const policy = new RetryPolicy({
            clock,
            maxElapsedMs,
            baseDelayMs,
            factor,
            jitter,
            maxAttempts,
            random: () => 0.7,
          });
          const outcome = await policy
            .execute(async () => {
              attempts++;
              await clock.sleep(attemptCostMs); // the attempt itself takes time
              throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
            })
            .catch((e: unknown) => e);
          expect(outcome).toBeInstanceOf(Error);
          expect(clock.now()).toBeLessThanOrEqual(Math.max(maxElapsedMs, 0));
          expect(attempts).toBeLessThanOrEqual(maxAttempts);
          expect(attempts).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
