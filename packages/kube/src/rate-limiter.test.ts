import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";
import { RequestRateLimiter } from "./rate-limiter.js";

describe("RequestRateLimiter (client-go token bucket)", () => {
  it("Argo's 20 qps / burst 30: 30 at once, then one every 50 ms", async () => {
    const clock = new FakeClock();
    const limiter = new RequestRateLimiter({ qps: 20, burst: 30, clock });
    for (let i = 0; i < 30; i++) expect(await limiter.acquire()).toBe(0);
    const granted: number[] = [];
    const waits = Array.from({ length: 4 }, (_, i) => limiter.acquire().then((ms) => granted.push(i) && ms));
    expect(limiter.waiting()).toBe(4);
    await clock.advance(50);
    expect(granted).toEqual([0]);
    await clock.advance(100);
    expect(granted).toEqual([0, 1, 2]);
    await clock.advance(50);
    expect(await Promise.all(waits)).toEqual([50, 100, 150, 200]);
  });

  it("a wait is abandoned when its signal aborts", async () => {
    const clock = new FakeClock();
    const limiter = new RequestRateLimiter({ qps: 1, burst: 1, clock });
    await limiter.acquire();
    const ctl = new AbortController();
    const pending = limiter.acquire(ctl.signal);
    ctl.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
  });

  it("rejects bad options, naming them", () => {
    expect(() => new RequestRateLimiter({ qps: 0, burst: 1 })).toThrow(/qps must be a number > 0/);
    expect(() => new RequestRateLimiter({ qps: 5, burst: 0.5 })).toThrow(/burst must be an integer >= 1/);
  });
});
