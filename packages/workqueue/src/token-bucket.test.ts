// golang.org/x/time/rate vectors (spec A7): d = 100 ms, t_k = t0 + k·d.
import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.ts";
import { TokenBucket } from "./token-bucket.ts";

const d = 100;
const t = (k: number) => 1_000_000 + k * d;

describe("TokenBucket", () => {
  it("TestSimpleReserve: NewLimiter(10, 2)", () => {
    const b = new TokenBucket({ qps: 10, burst: 2 });
    const act = (at: number, n: number) => at + b.reserveAt(at, n).delayMs;
    expect(act(t(0), 2)).toBe(t(0));
    expect(act(t(0), 2)).toBe(t(2));
    expect(act(t(3), 2)).toBe(t(4));
  });

  it("TestLimiterBurst1: NewLimiter(10, 1)", () => {
    const b = new TokenBucket({ qps: 10, burst: 1 });
    const seq: [number, number, boolean][] = [
      [t(0), 1, true],
      [t(0), 1, false],
      [t(0), 1, false],
      [t(1), 1, true],
      [t(1), 1, false],
      [t(1), 1, false],
      [t(2), 2, false],
      [t(2), 1, true],
      [t(2), 1, false],
    ];
    expect(seq.map(([at, n]) => b.allowAt(at, n))).toEqual(seq.map(([, , ok]) => ok));
  });

  it("TestLimiterBurst3: NewLimiter(10, 3)", () => {
    const b = new TokenBucket({ qps: 10, burst: 3 });
    const seq: [number, number, boolean][] = [
      [t(0), 2, true],
      [t(0), 2, false],
      [t(0), 1, true],
      [t(0), 1, false],
      [t(1), 4, false],
      [t(2), 1, true],
      [t(3), 1, true],
      [t(4), 1, true],
      [t(4), 1, true],
      [t(4), 1, false],
      [t(4), 1, false],
      [t(9), 3, true],
      [t(9), 0, true],
    ];
    expect(seq.map(([at, n]) => b.allowAt(at, n))).toEqual(seq.map(([, , ok]) => ok));
  });

  it("TestLimiterJumpBackwards: time going backwards adds no tokens", () => {
    const b = new TokenBucket({ qps: 10, burst: 3 });
    const seq: [number, boolean, number][] = [
      [t(1), true, 3],
      [t(0), true, 2],
      [t(0), true, 1],
      [t(0), false, 0],
      [t(0), false, 0],
      [t(1), true, 1],
      [t(1), false, 0],
      [t(1), false, 0],
      [t(2), true, 1],
      [t(2), false, 0],
      [t(2), false, 0],
    ];
    for (const [at, ok, tokensBefore] of seq) {
      expect(b.tokensAt(at)).toBeCloseTo(tokensBefore, 9);
      expect(b.allowAt(at)).toBe(ok);
    }
  });

  it("TestLimiter_noTruncationErrors", () => {
    expect(new TokenBucket({ qps: 0.7692307692307693, burst: 1 }).allowAt(0)).toBe(true);
  });

  it("(10 qps, burst 100) at one instant: 100 free, then k·100 ms (spec A7, DERIVED)", () => {
    const clock = new FakeClock(5000);
    const b = new TokenBucket({ qps: 10, burst: 100, clock });
    for (let i = 0; i < 100; i++) expect(b.reserve().delayMs).toBe(0);
    expect(b.reserve().delayMs).toBe(100);
    expect(b.reserve().delayMs).toBe(200);
    expect(b.reserve().delayMs).toBe(300); // whole nanoseconds, as Go: not 300.00000000000006
    clock.step(1000 + 300); // repay the debt of 3, then 10 tokens... capped by the 1.3 s elapsed: 13 - 3 = 10
    for (let i = 0; i < 10; i++) expect(b.reserve().delayMs).toBe(0);
    expect(b.reserve().delayMs).toBe(100);
  });

  it("after debt 2, waiting 1 s gives 8 free calls, then 100 ms (spec A7, DERIVED)", () => {
    const clock = new FakeClock();
    const b = new TokenBucket({ qps: 10, burst: 100, clock });
    for (let i = 0; i < 102; i++) b.reserve();
    clock.step(1000);
    for (let i = 0; i < 8; i++) expect(b.reserve().delayMs).toBe(0);
    expect(b.reserve().delayMs).toBe(100);
  });

  it("infinite qps never waits; zero qps serves the burst and then never", () => {
    const inf = new TokenBucket({ qps: Number.POSITIVE_INFINITY, burst: 0 });
    for (let i = 0; i < 5; i++) expect(inf.reserveAt(0).delayMs).toBe(0);
    const zero = new TokenBucket({ qps: 0, burst: 2 });
    expect(zero.reserveAt(0)).toEqual({ ok: true, delayMs: 0 });
    expect(zero.reserveAt(0)).toEqual({ ok: true, delayMs: 0 });
    expect(zero.reserveAt(1e9)).toEqual({ ok: false, delayMs: Number.POSITIVE_INFINITY });
  });

  it("a reservation larger than the burst is refused and takes nothing", () => {
    const b = new TokenBucket({ qps: 10, burst: 1 });
    expect(b.reserveAt(0, 2)).toEqual({ ok: false, delayMs: Number.POSITIVE_INFINITY });
    expect(b.allowAt(0)).toBe(true);
  });

  it("validates its parameters", () => {
    expect(() => new TokenBucket({ qps: Number.NaN, burst: 1 })).toThrow(/qps/);
    expect(() => new TokenBucket({ qps: 1, burst: 0.5 })).toThrow(/burst/);
    expect(() => new TokenBucket({ qps: 1, burst: 1 }).reserveAt(0, -1)).toThrow(/\bn\b/);
  });
});
