import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.ts";

describe("FakeClock", () => {
  it("fires due timers in due order, then creation order, reading the new time", () => {
    const clock = new FakeClock(10);
    const log: string[] = [];
    clock.setTimer(() => log.push(`b@${clock.now()}`), 20);
    clock.setTimer(() => log.push(`a@${clock.now()}`), 5);
    clock.setTimer(() => log.push(`c@${clock.now()}`), 20);
    clock.setTimer(() => log.push("late"), 21);
    clock.step(20);
    expect(log).toEqual(["a@30", "b@30", "c@30"]);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers()).toBe(1);
  });

  it("a timer re-armed by its callback fires once per step", () => {
    const clock = new FakeClock();
    let ticks = 0;
    const tick = () => {
      ticks++;
      clock.setTimer(tick, 1);
    };
    clock.setTimer(tick, 1);
    clock.step(1000);
    expect(ticks).toBe(1);
    clock.step(1);
    expect(ticks).toBe(2);
  });

  it("a timer armed by a callback with delay 0 fires in the same step", () => {
    const clock = new FakeClock();
    const log: number[] = [];
    clock.setTimer(() => clock.setTimer(() => log.push(clock.now()), 0), 3);
    clock.step(3);
    expect(log).toEqual([3]);
  });

  it("cancel prevents firing; pendingTimers can exclude unref'd timers", () => {
    const clock = new FakeClock();
    let fired = false;
    const t = clock.setTimer(() => {
      fired = true;
    }, 1);
    clock.setTimer(() => {}, 1, { unref: true });
    expect(clock.pendingTimers({ includeUnref: false })).toBe(1);
    t.cancel();
    t.cancel();
    clock.step(5);
    expect(fired).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("rejects bad steps and start times", () => {
    expect(() => new FakeClock(Number.NaN)).toThrow(/startMs/);
    expect(() => new FakeClock().step(-1)).toThrow(/ms/);
    expect(() => new FakeClock().step(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
