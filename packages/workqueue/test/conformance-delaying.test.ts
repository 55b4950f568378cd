// Port of client-go util/workqueue/delaying_queue_test.go (spec part A10), on a fake clock.
import { describe, expect, it } from "vitest";
import { DelayingQueue, FakeClock } from "../src/index.ts";
import { settle } from "./helpers.ts";

function setup() {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>({ clock });
  return { clock, q };
}

async function getDone(q: DelayingQueue<string>): Promise<string> {
  const r = await q.get();
  if (r.shutdown) throw new Error("unexpected shutdown");
  q.done(r.item);
  return r.item;
}

async function getOnly(q: DelayingQueue<string>): Promise<string> {
  const r = await q.get();
  if (r.shutdown) throw new Error("unexpected shutdown");
  return r.item;
}

describe("delaying_queue_test.go", () => {
  it("TestSimpleQueue", async () => {
    const { clock, q } = setup();
    q.addAfter("foo", 50);
    expect(q.len()).toBe(0);
    clock.step(60);
    expect(q.len()).toBe(1);
    expect(await getDone(q)).toBe("foo");
    clock.step(10_000);
    await settle();
    expect(q.len()).toBe(0);
  });

  it("TestDeduping: an earlier ready time wins, a later one never postpones", async () => {
    const { clock, q } = setup();
    q.addAfter("foo", 50);
    q.addAfter("foo", 70);
    expect(q.len()).toBe(0);
    clock.step(60);
    expect(q.len()).toBe(1);
    await getDone(q);
    clock.step(20); // t = 80 ms, past the 70 ms request: it was merged into the 50 ms one
    expect(q.len()).toBe(0);

    q.addAfter("foo", 50);
    q.addAfter("foo", 30);
    expect(q.len()).toBe(0);
    clock.step(40);
    expect(q.len()).toBe(1);
    await getDone(q);
    clock.step(20); // t = 140 ms, past the original 130 ms
    expect(q.len()).toBe(0);
  });

  it("TestAddTwoFireEarly", async () => {
    const { clock, q } = setup();
    q.addAfter("foo", 1000);
    q.addAfter("bar", 50);
    expect(q.len()).toBe(0);
    clock.step(60);
    expect(q.len()).toBe(1);
    expect(await getOnly(q)).toBe("bar");
    q.addAfter("baz", 2000);
    clock.step(1000);
    expect(q.len()).toBe(1);
    expect(await getOnly(q)).toBe("foo");
    clock.step(2000);
    expect(q.len()).toBe(1);
    expect(await getOnly(q)).toBe("baz");
  });

  it("TestCopyShifting: items ready in one pass are added in ready-time order", async () => {
    const { clock, q } = setup();
    q.addAfter("foo", 1000);
    q.addAfter("bar", 500);
    q.addAfter("baz", 250);
    expect(q.len()).toBe(0);
    clock.step(2000);
    expect(q.len()).toBe(3);
    expect([await getOnly(q), await getOnly(q), await getOnly(q)]).toEqual(["baz", "bar", "foo"]);
  });

  it("equal ready times fire in order of the first addAfter (Weft's documented tie-break)", async () => {
    const { clock, q } = setup();
    q.addAfter("b", 100);
    q.addAfter("a", 100);
    q.addAfter("c", 200);
    q.addAfter("c", 100 - 0); // lowered to the same ready time: keeps its original (later) position
    clock.step(100);
    expect([await getOnly(q), await getOnly(q), await getOnly(q)]).toEqual(["b", "a", "c"]);
  });
});

describe("delaying queue: derived cases (spec A10 extras)", () => {
  it("addAfter after shutdown adds nothing", () => {
    const { clock, q } = setup();
    q.shutDown();
    q.addAfter("foo", 10);
    q.addAfter("bar", 0);
    clock.step(20);
    expect(q.len()).toBe(0);
    expect(q.waitingLen()).toBe(0);
  });

  it("addAfter with 0 or a negative delay adds immediately", () => {
    const { q } = setup();
    q.addAfter("zero", 0);
    q.addAfter("negative", -1000);
    expect(q.len()).toBe(2);
    expect(q.waitingLen()).toBe(0);
  });

  it("addAfter(x, 50) then add(x): queued now, and the wait firing later changes nothing", () => {
    const { clock, q } = setup();
    q.addAfter("x", 50);
    q.add("x");
    expect(q.len()).toBe(1);
    clock.step(50);
    expect(q.len()).toBe(1);
    expect(q.waitingLen()).toBe(0);
  });

  it("shutdown drops waiting entries and cancels the timer", () => {
    const { clock, q } = setup();
    q.addAfter("foo", 50);
    expect(clock.pendingTimers()).toBe(1);
    q.shutDown();
    expect(q.waitingLen()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    clock.step(100);
    expect(q.len()).toBe(0);
  });

  it("shutDownWithDrain also stops the waiting loop at once (Go notices at the next 10 s heartbeat)", async () => {
    const { clock, q } = setup();
    q.addAfter("foo", 50);
    await q.shutDownWithDrain();
    clock.step(100);
    expect(q.len()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("one timer, armed for the earliest entry, whatever the number of waiting items", () => {
    const { clock, q } = setup();
    for (let i = 0; i < 1000; i++) q.addAfter(`k${i}`, 1000 - i);
    expect(q.waitingLen()).toBe(1000);
    expect(clock.pendingTimers()).toBe(1);
    clock.step(1);
    expect(q.len()).toBe(1);
    clock.step(999);
    expect(q.len()).toBe(1000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a delay longer than one timer allows is armed in steps and still fires", () => {
    const { clock, q } = setup();
    const long = 2 ** 31 * 3;
    q.addAfter("far", long);
    clock.step(long - 1);
    expect(q.len()).toBe(0);
    clock.step(1);
    expect(q.len()).toBe(1);
  });

  it("an infinite delay waits until shutdown but a later finite addAfter lowers it", () => {
    const { clock, q } = setup();
    q.addAfter("x", Number.POSITIVE_INFINITY);
    expect(clock.pendingTimers()).toBe(0);
    q.addAfter("x", 5);
    clock.step(5);
    expect(q.len()).toBe(1);
  });

  it("rejects a NaN delay with a TypeError naming delayMs", () => {
    const { q } = setup();
    expect(() => q.addAfter("x", Number.NaN)).toThrow(/delayMs/);
    expect(() => q.addAfter("x", "5" as unknown as number)).toThrow(TypeError);
  });
});
