// Port of client-go rate_limiting_queue_test.go and default_rate_limiters_test.go (spec A6, A10).
import { describe, expect, it } from "vitest";
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
  FakeClock,
  FixedIntervalRateLimiter,
  ItemExponentialFailureRateLimiter,
  ItemFastSlowRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
  RateLimitingQueue,
  WithMaxWaitRateLimiter,
} from "../src/index.ts";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

class RecordingQueue extends RateLimitingQueue<string> {
  readonly delays: number[] = [];
  override addAfter(item: string, delayMs: number): void {
    this.delays.push(delayMs);
    super.addAfter(item, delayMs);
  }
}

describe("rate_limiting_queue_test.go", () => {
  it("TestRateLimitingQueue", () => {
    const clock = new FakeClock();
    const q = new RecordingQueue({
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: S }),
    });
    q.addRateLimited("one");
    expect(q.delays.at(-1)).toBe(1);
    q.addRateLimited("one");
    expect(q.delays.at(-1)).toBe(2);
    expect(q.numRequeues("one")).toBe(2);
    q.addRateLimited("two");
    expect(q.delays.at(-1)).toBe(1);
    q.addRateLimited("two");
    expect(q.delays.at(-1)).toBe(2);
    q.forget("one");
    expect(q.numRequeues("one")).toBe(0);
    q.addRateLimited("one");
    expect(q.delays.at(-1)).toBe(1);
  });

  it("addRateLimited asks the limiter even when shutting down, and then adds nothing", () => {
    const clock = new FakeClock();
    const q = new RecordingQueue({
      clock,
      rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: S }),
    });
    q.shutDown();
    q.addRateLimited("one");
    expect(q.numRequeues("one")).toBe(1);
    clock.step(10);
    expect(q.len()).toBe(0);
  });

  it("forget does not remove the item from the queue", () => {
    const q = new RateLimitingQueue<string>({ clock: new FakeClock() });
    q.add("x");
    q.forget("x");
    expect(q.len()).toBe(1);
  });

  it("defaults to the controller rate limiter on the queue's clock", () => {
    const clock = new FakeClock();
    const q = new RecordingQueue({ clock });
    for (let i = 0; i < 100; i++) q.addRateLimited(`k${i}`); // burst of 100, each item's first delay 5 ms
    expect(q.delays.every((d) => d === 5)).toBe(true);
    q.addRateLimited("k100");
    expect(q.delays.at(-1)).toBe(100); // bucket debt 1 at 10 qps
  });
});

function whens<K>(l: RateLimiter<K>, key: K, n: number): number[] {
  return Array.from({ length: n }, () => l.when(key));
}

describe("default_rate_limiters_test.go", () => {
  it("TestItemExponentialFailureRateLimiter", () => {
    const l = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: S });
    expect(whens(l, "one", 5)).toEqual([1, 2, 4, 8, 16]);
    expect(l.numRequeues("one")).toBe(5);
    expect(whens(l, "two", 2)).toEqual([1, 2]);
    expect(l.numRequeues("two")).toBe(2);
    l.forget("one");
    expect(l.numRequeues("one")).toBe(0);
    expect(l.when("one")).toBe(1);
  });

  it("TestItemExponentialFailureRateLimiterOverFlow", () => {
    const l = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 * S });
    whens(l, "one", 5);
    expect(l.when("one")).toBe(32);
    whens(l, "overflow1", 1000);
    expect(l.when("overflow1")).toBe(1000 * S);

    const l2 = new ItemExponentialFailureRateLimiter({ baseDelayMs: MIN, maxDelayMs: 1000 * H });
    whens(l2, "two", 2);
    expect(l2.when("two")).toBe(4 * MIN);
    whens(l2, "overflow2", 1000);
    expect(l2.when("overflow2")).toBe(1000 * H);
  });

  it("exponential: 2^e overflowing to Infinity still caps at max", () => {
    const l = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 7 });
    whens(l, "x", 1100);
    expect(l.when("x")).toBe(7);
  });

  it("TestItemFastSlowRateLimiter", () => {
    const l = new ItemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 10 * S, maxFastAttempts: 3 });
    expect(whens(l, "one", 5)).toEqual([5, 5, 5, 10 * S, 10 * S]);
    expect(l.numRequeues("one")).toBe(5);
    expect(whens(l, "two", 2)).toEqual([5, 5]);
    expect(l.numRequeues("two")).toBe(2);
    l.forget("one");
    expect(l.numRequeues("one")).toBe(0);
    expect(l.when("one")).toBe(5);
  });

  it("TestMaxOfRateLimiter", () => {
    const l = new MaxOfRateLimiter<string>(
      new ItemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 3 * S, maxFastAttempts: 3 }),
      new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: S }),
    );
    expect(whens(l, "one", 5)).toEqual([5, 5, 5, 3 * S, 3 * S]);
    expect(l.numRequeues("one")).toBe(5);
    expect(whens(l, "two", 2)).toEqual([5, 5]);
    expect(l.numRequeues("two")).toBe(2);
    l.forget("one");
    expect(l.numRequeues("one")).toBe(0);
    expect(l.when("one")).toBe(5);
  });

  it("TestWithMaxWaitRateLimiter", () => {
    let calls = 0;
    const step: RateLimiter<number> = {
      when: () => (calls++ < 100 ? 5 : 1000 * S),
      forget: () => {},
      numRequeues: () => 0,
    };
    const l = new WithMaxWaitRateLimiter(step, 500 * S);
    for (let i = 0; i < 100; i++) expect(l.when(i)).toBe(5);
    for (let i = 100; i < 200; i++) expect(l.when(i)).toBe(500 * S);
  });

  it("MaxOf with no limiters waits 0", () => {
    const l = new MaxOfRateLimiter();
    expect(l.when("x")).toBe(0);
    expect(l.numRequeues("x")).toBe(0);
  });

  it("DefaultItemBasedRateLimiter: exponential 1 ms .. 1000 s", () => {
    const l = defaultItemBasedRateLimiter<string>();
    expect(whens(l, "x", 3)).toEqual([1, 2, 4]);
    whens(l, "x", 30);
    expect(l.when("x")).toBe(1000 * S);
  });

  it("DefaultControllerRateLimiter per-item sequence (spec A6, DERIVED)", () => {
    const l = defaultControllerRateLimiter<string>({ clock: new FakeClock() });
    const expected = [
      5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10_240, 20_480, 40_960, 81_920, 163_840, 327_680,
      655_360, 1_000_000, 1_000_000,
    ];
    expect(whens(l, "x", 20)).toEqual(expected);
    expect(l.numRequeues("x")).toBe(20);
  });

  it("DefaultControllerRateLimiter: the bucket paces the 101st and later at one instant (spec A7, DERIVED)", () => {
    const clock = new FakeClock();
    const l = defaultControllerRateLimiter<string>({ clock });
    for (let i = 0; i < 100; i++) expect(l.when(`k${i}`)).toBe(5);
    expect(l.when("k100")).toBe(100);
    expect(l.when("k101")).toBe(200);
  });

  it("FixedIntervalRateLimiter (Argo's workflow queue): constant delay, numRequeues 1, forget no-op", () => {
    const l = new FixedIntervalRateLimiter(10 * S);
    expect(whens(l, "x", 3)).toEqual([10 * S, 10 * S, 10 * S]);
    l.forget("x");
    expect(l.numRequeues("x")).toBe(1);
  });

  it("BucketRateLimiter keeps no per-item state", () => {
    const l = new BucketRateLimiter({ qps: 10, burst: 1, clock: new FakeClock() });
    expect(l.when("a")).toBe(0);
    expect(l.when("a")).toBe(100);
    expect(l.numRequeues("a")).toBe(0);
  });
});

describe("limiter parameter validation", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "exp base negative",
      () => new ItemExponentialFailureRateLimiter({ baseDelayMs: -1, maxDelayMs: 1 }),
      /baseDelayMs/,
    ],
    [
      "exp max NaN",
      () => new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: Number.NaN }),
      /maxDelayMs/,
    ],
    [
      "exp max infinite",
      () => new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: Infinity }),
      /maxDelayMs/,
    ],
    [
      "fast-slow fast",
      () => new ItemFastSlowRateLimiter({ fastDelayMs: -5, slowDelayMs: 1, maxFastAttempts: 1 }),
      /fastDelayMs/,
    ],
    [
      "fast-slow slow",
      () => new ItemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: Number.NaN, maxFastAttempts: 1 }),
      /slowDelayMs/,
    ],
    [
      "fast-slow attempts",
      () => new ItemFastSlowRateLimiter({ fastDelayMs: 5, slowDelayMs: 1, maxFastAttempts: 1.5 }),
      /maxFastAttempts/,
    ],
    ["bucket qps", () => new BucketRateLimiter({ qps: -1, burst: 1 }), /qps/],
    ["bucket burst", () => new BucketRateLimiter({ qps: 1, burst: -1 }), /burst/],
    ["max-of element", () => new MaxOfRateLimiter({} as RateLimiter), /limiters\[0\]/],
    ["max-wait", () => new WithMaxWaitRateLimiter(new FixedIntervalRateLimiter(1), -1), /maxDelayMs/],
    ["fixed", () => new FixedIntervalRateLimiter(Number.NaN), /intervalMs/],
    ["options missing", () => new ItemExponentialFailureRateLimiter(undefined as never), /options/],
  ];
  it.each(cases)("%s throws a TypeError naming the parameter", (_name, make, field) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(field);
  });
});
