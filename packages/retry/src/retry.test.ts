import { describe, expect, it } from "vitest";
import { AttemptTimeoutError } from "./attempt-timeout-error.ts";
import { RetryBudget } from "./budget.ts";
import { FakeClock } from "./clock.ts";
import type { GiveUpReason, RetryOptions } from "./options.ts";
import { presets } from "./presets.ts";
import { RetryPolicy, retry } from "./retry.ts";
import { TransientError } from "./transient-error.ts";

const flaky = (): Error => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
const fatal = (): Error => new Error("invalid spec");

/** A function failing with the given errors in turn, then returning "ok"; counts its calls. */
function script(...failures: Error[]) {
  const calls: number[] = [];
  const fn = async ({ attempt }: { attempt: number }) => {
    calls.push(attempt);
    const f = failures.shift();
    if (f) throw f;
    return "ok";
  };
  return { fn, calls };
}

function recorder() {
  const events: string[] = [];
  let gaveUp: { reason: GiveUpReason; attempts: number; error: unknown } | undefined;
  const hooks: RetryOptions["hooks"] = {
    onAttempt: (e) => events.push(`attempt ${e.attempt}`),
    onRetry: (e) => events.push(`retry ${e.attempt} after ${e.delayMs} (${e.verdict.classifier})`),
    onSuccess: (e) => events.push(`success after ${e.attempts}`),
    onGiveUp: (e) => {
      events.push(`give up (${e.reason}) after ${e.attempts}`);
      gaveUp = e;
    },
  };
  return { events, hooks, gaveUp: () => gaveUp };
}

describe("retry", () => {
  it("a call that succeeds first time runs once and never sleeps", async () => {
    const clock = new FakeClock({ auto: true });
    const { fn, calls } = script();
    await expect(retry(fn, { clock })).resolves.toBe("ok");
    expect(calls).toEqual([1]);
    expect(clock.sleeps).toEqual([]);
  });

  it("transient failures are retried on the exponential schedule, with hooks for each step", async () => {
    const clock = new FakeClock({ auto: true });
    const rec = recorder();
    const { fn, calls } = script(flaky(), flaky());
    const result = await retry(fn, {
      clock,
      baseDelayMs: 10,
      factor: 3,
      hooks: rec.hooks,
      operation: "create",
    });
    expect(result).toBe("ok");
    expect(calls).toEqual([1, 2, 3]);
    expect(clock.sleeps).toEqual([10, 30]);
    expect(rec.events).toEqual([
      "attempt 1",
      "retry 1 after 10 (network)",
      "attempt 2",
      "retry 2 after 30 (network)",
      "attempt 3",
      "success after 3",
    ]);
  });

  it("a permanent failure is not retried and the original error comes back", async () => {
    const clock = new FakeClock({ auto: true });
    const rec = recorder();
    const err = fatal();
    const { fn, calls } = script(err);
    await expect(retry(fn, { clock, hooks: rec.hooks })).rejects.toBe(err);
    expect(calls).toEqual([1]);
    expect(rec.gaveUp()).toMatchObject({ reason: "permanent", attempts: 1, error: err });
  });

  it("gives up after maxAttempts with the last error and the attempt count", async () => {
    const clock = new FakeClock({ auto: true });
    const rec = recorder();
    const errors = [flaky(), flaky(), flaky(), flaky()];
    const last = errors[2];
    const { fn, calls } = script(...errors);
    await expect(retry(fn, { clock, maxAttempts: 3, baseDelayMs: 1, hooks: rec.hooks })).rejects.toBe(last);
    expect(calls).toEqual([1, 2, 3]);
    expect(rec.gaveUp()).toMatchObject({ reason: "attempts", attempts: 3 });
  });

  it("a synchronous throw is handled like a rejection", async () => {
    const clock = new FakeClock({ auto: true });
    let n = 0;
    const fn = (): string => {
      n++;
      if (n === 1) throw new TransientError("first");
      return "second";
    };
    await expect(retry(fn, { clock })).resolves.toBe("second");
  });

  it("never waits past maxElapsedMs: it gives up instead of sleeping beyond the deadline", async () => {
    const clock = new FakeClock({ auto: true });
    const rec = recorder();
    const { fn, calls } = script(flaky(), flaky(), flaky(), flaky(), flaky());
    const p = retry(fn, {
      clock,
      baseDelayMs: 100,
      factor: 2,
      maxAttempts: 10,
      maxElapsedMs: 350,
      hooks: rec.hooks,
    });
    await expect(p).rejects.toMatchObject({ code: "ECONNRESET" });
    // waits 100 + 200 = 300; the next wait (400) would end past 350
    expect(rec.events.filter((e) => e.startsWith("retry"))).toEqual([
      "retry 1 after 100 (network)",
      "retry 2 after 200 (network)",
    ]);
    expect(calls).toEqual([1, 2, 3]);
    expect(rec.gaveUp()?.reason).toBe("deadline");
    expect(clock.now()).toBe(300);
  });

  it("an attempt that hangs is cut by attemptTimeoutMs (its signal aborts) and retried", async () => {
    const clock = new FakeClock();
    const seen: AbortSignal[] = [];
    let n = 0;
    const fn = ({ signal }: { signal: AbortSignal }) => {
      seen.push(signal);
      n++;
      return n === 1 ? new Promise<string>(() => undefined) : Promise.resolve("done");
    };
    const p = retry(fn, { clock, attemptTimeoutMs: 1000, baseDelayMs: 5, operation: "get pod" });
    await clock.whenSleeping();
    await clock.advance(1000);
    await clock.advance(5);
    await expect(p).resolves.toBe("done");
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBeInstanceOf(AttemptTimeoutError);
    expect(String(seen[0]?.reason)).toContain("attempt 1 of get pod timed out after 1000 ms");
    expect(seen[1]?.aborted).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it("the deadline also cuts a running attempt", async () => {
    const clock = new FakeClock();
    const p = retry(() => new Promise<never>(() => undefined), { clock, maxElapsedMs: 500 });
    const outcome = p.catch((e: unknown) => e);
    await clock.whenSleeping();
    await clock.advance(500);
    expect(await outcome).toBeInstanceOf(AttemptTimeoutError);
  });

  it("an abort during the wait rejects at once with the signal's reason and clears the timer", async () => {
    const clock = new FakeClock();
    const ctl = new AbortController();
    const rec = recorder();
    const { fn, calls } = script(flaky(), flaky());
    const p = retry(fn, { clock, signal: ctl.signal, baseDelayMs: 60_000, hooks: rec.hooks }).catch(
      (e: unknown) => e,
    );
    await clock.whenSleeping();
    const reason = new Error("user stopped");
    ctl.abort(reason);
    expect(await p).toBe(reason);
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(0);
    expect(calls).toEqual([1]);
    expect(rec.gaveUp()?.reason).toBe("aborted");
  });

  it("an abort during an attempt rejects at once, and the attempt's signal aborts too", async () => {
    const clock = new FakeClock();
    const ctl = new AbortController();
    let attemptSignal: AbortSignal | undefined;
    const p = retry(
      ({ signal }) => {
        attemptSignal = signal;
        return new Promise<never>(() => undefined);
      },
      { clock, signal: ctl.signal },
    ).catch((e: unknown) => e);
    await Promise.resolve();
    ctl.abort("stop");
    expect(await p).toBe("stop");
    expect(attemptSignal?.aborted).toBe(true);
  });

  it("an already aborted signal runs no attempt", async () => {
    const { fn, calls } = script();
    await expect(retry(fn, { signal: AbortSignal.abort("early") })).rejects.toBe("early");
    expect(calls).toEqual([]);
  });

  it("Retry-After lengthens a wait, within maxDelayMs", async () => {
    const clock = new FakeClock({ auto: true });
    const throttled = (s: string) =>
      Object.assign(new Error("slow down"), { statusCode: 429, headers: { "retry-after": s } });
    const { fn } = script(throttled("2"), throttled("120"));
    await retry(fn, { clock, baseDelayMs: 10, maxDelayMs: 5000 });
    expect(clock.sleeps).toEqual([2000, 5000]);
  });

  it("a hook that throws changes nothing", async () => {
    const clock = new FakeClock({ auto: true });
    const boom = () => {
      throw new Error("hook bug");
    };
    const { fn } = script(flaky());
    const hooks = { onAttempt: boom, onRetry: boom, onSuccess: boom, onGiveUp: boom };
    await expect(retry(fn, { clock, hooks })).resolves.toBe("ok");
  });

  it("a custom classify decides what is retried", async () => {
    const clock = new FakeClock({ auto: true });
    const { fn, calls } = script(fatal(), fatal());
    const classify = () => ({ transient: true, classifier: "mine", reason: "everything" });
    await expect(retry(fn, { clock, classify, baseDelayMs: 1 })).resolves.toBe("ok");
    expect(calls).toEqual([1, 2, 3]);
  });

  it("a shared budget stops retries once spent and is refilled by successes", async () => {
    const clock = new FakeClock({ auto: true });
    const budget = new RetryBudget({ capacity: 10, retryCost: 5, timeoutCost: 10, successRefill: 1 });
    const policy = new RetryPolicy({ clock, budget, baseDelayMs: 1, maxAttempts: 10 });
    const rec = recorder();
    const alwaysFlaky = async () => {
      throw flaky();
    };
    await expect(policy.with({ hooks: rec.hooks }).execute(alwaysFlaky)).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(rec.gaveUp()).toMatchObject({ reason: "budget", attempts: 3 });
    expect(budget.available).toBe(0);
    await policy.execute(async () => "fine");
    expect(budget.available).toBe(1);
    // a call that needed retries gives back what its retries took
    budget.release(9);
    const { fn } = script(flaky());
    await policy.execute(fn);
    expect(budget.available).toBe(10);
  });
});

describe("RetryPolicy validation", () => {
  it.each<[RetryOptions, RegExp]>([
    [{ baseDelayMs: -1 }, /option "baseDelayMs" must be >= 0, got -1/],
    [{ factor: 0.5 }, /option "factor" must be >= 1, got 0.5/],
    [{ maxAttempts: 0 }, /option "maxAttempts" must be >= 1, got 0/],
    [{ maxAttempts: 2.5 }, /option "maxAttempts" must be an integer/],
    [{ jitter: 1.5 }, /option "jitter" must be within \[0, 1\], got 1.5/],
    [{ jitter: -0.1 }, /option "jitter" must be >= 0/],
    [{ maxDelayMs: Number.NaN }, /option "maxDelayMs" must be a number/],
    [{ attemptTimeoutMs: 0 }, /option "attemptTimeoutMs" must be > 0/],
    [{ jitterMode: "wild" as "full" }, /option "jitterMode" must be one of none, proportional, full, equal/],
    [{ operation: "" }, /option "operation" must be a non-empty string/],
    [{ retries: 3 } as RetryOptions, /unknown option "retries"/],
  ])("%o is a TypeError at construction", (options, message) => {
    expect(() => new RetryPolicy(options)).toThrow(TypeError);
    expect(() => new RetryPolicy(options)).toThrow(message);
  });

  it("retry() validates before the first attempt", async () => {
    let called = false;
    await expect(
      retry(
        async () => {
          called = true;
        },
        { factor: 0 },
      ),
    ).rejects.toThrow(TypeError);
    expect(called).toBe(false);
  });
});

describe("presets", () => {
  const waits = (p: RetryOptions) => {
    const policy = new RetryPolicy(p);
    return Array.from({ length: (p.maxAttempts ?? 1) - 1 }, (_, i) => Math.round(policy.delayFor(i + 1, 0)));
  };
  it("match the reference schedules (with the random draw at 0)", () => {
    expect(waits(presets.argoDefault)).toEqual([10, 20, 40, 80]);
    expect(waits(presets.argoExecutor)).toEqual([1000, 1600, 2560, 4096]);
    expect(waits(presets.ossDriver)).toEqual([2000, 4000, 8000, 16000]);
    expect(waits(presets.clientGoDefault)).toEqual([10, 50, 250]);
    expect(waits(presets.hydratorRead)).toEqual([100, 200, 400, 800]);
    expect(waits(presets.hydratorWrite)).toEqual([1000, 2000, 4000, 8000]);
    expect(waits(presets.cronCreate)).toEqual([100, 200, 400]);
  });
  it("argoExecutor's cumulative run times are Argo's 0, 1.0, 2.6, 5.16, 9.256 s", () => {
    const w = waits(presets.argoExecutor);
    const cumulative = w.map((_, i) => w.slice(0, i + 1).reduce((a, b) => a + b, 0) / 1000);
    expect([0, ...cumulative]).toEqual([0, 1, 2.6, 5.16, 9.256]);
  });
  it("jitter stays within the preset's proportion", () => {
    const policy = new RetryPolicy(presets.argoExecutor);
    expect(policy.delayFor(1, 0.999_999)).toBeCloseTo(1500, 0);
    expect(new RetryPolicy(presets.ossDriver).delayFor(1, 0.5)).toBe(2100);
  });
});
