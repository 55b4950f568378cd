import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";
import { HealthChecks } from "./health.js";
import { Lifecycle, type ProcessLike } from "./lifecycle.js";

class FakeProcess extends EventEmitter implements ProcessLike {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

describe("Lifecycle", () => {
  it("on SIGTERM: not ready, signal aborted, steps in order, exit 0", async () => {
    const proc = new FakeProcess();
    const health = new HealthChecks();
    const order: string[] = [];
    const life = new Lifecycle({ process: proc, health, clock: new FakeClock() });
    life.onShutdown("drain", async () => {
      order.push(`drain aborted=${life.signal.aborted} ready=${health.evaluate("readyz").ok}`);
    });
    life.onShutdown("release", () => {
      order.push("release");
    });
    const off = life.installSignalHandlers();
    expect(health.evaluate("readyz").ok).toBe(true);
    proc.emit("SIGTERM");
    await settle();
    await settle();
    expect(order).toEqual(["drain aborted=true ready=false", "release"]);
    expect(proc.exits).toEqual([0]);
    off();
    expect(proc.listenerCount("SIGTERM")).toBe(0);
  });

  it("a step that overruns the grace period is abandoned, later steps are skipped, exit 1", async () => {
    const proc = new FakeProcess();
    const clock = new FakeClock();
    const life = new Lifecycle({ process: proc, clock, gracePeriodMs: 5_000 });
    let sawAbort = false;
    life.onShutdown(
      "stuck",
      ({ signal }) => new Promise<void>(() => signal.addEventListener("abort", () => (sawAbort = true))),
    );
    let ran = false;
    life.onShutdown("after", () => {
      ran = true;
    });
    const code = life.shutdown("test");
    await settle();
    await clock.advance(5_000);
    expect(await code).toBe(1);
    expect(sawAbort).toBe(true);
    expect(ran).toBe(false);
  });

  it("a failing step does not stop the others; shutdown is idempotent; a second signal exits at once", async () => {
    const proc = new FakeProcess();
    const life = new Lifecycle({ process: proc, clock: new FakeClock() });
    const ran: string[] = [];
    let release: () => void = () => undefined;
    life.onShutdown("boom", () => {
      ran.push("boom");
      throw new Error("boom");
    });
    life.onShutdown("slow", () => new Promise<void>((r) => (release = r)));
    life.onShutdown("last", () => {
      ran.push("last");
    });
    life.installSignalHandlers();
    proc.emit("SIGINT");
    await settle();
    expect(life.shutdown()).toBe(life.shutdown());
    proc.emit("SIGTERM");
    expect(proc.exits).toEqual([1]);
    release();
    expect(await life.shutdown()).toBe(1);
    expect(ran).toEqual(["boom", "last"]);
  });

  it("rejects a bad grace period, naming it", () => {
    expect(() => new Lifecycle({ gracePeriodMs: 0 })).toThrow(/gracePeriodMs must be a positive number/);
  });
});
