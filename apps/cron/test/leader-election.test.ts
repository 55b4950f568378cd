import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { LeaderElector } from "../src/kube/leader-election.js";
import { type Env, eventually, startEnv } from "./harness.js";

let env: Env | undefined;
afterEach(async () => {
  await env?.server.close();
});

it("one leader among replicas; the other takes over after the lease expires or is released", async () => {
  env = await startEnv();
  const e = env;
  const events: string[] = [];
  const make = (identity: string) =>
    new LeaderElector({
      kubeConfig: e.kubeConfig,
      namespace: "default",
      name: "weft-cron",
      identity,
      clock: e.clock,
      logger: pino({ level: "silent" }),
      onStartedLeading: () => events.push(`${identity}:start`),
      onStoppedLeading: () => events.push(`${identity}:stop`),
    });
  const a = make("a");
  const b = make("b");
  a.start();
  await eventually(async () => expect(a.leading).toBe(true));
  b.start();
  for (let i = 0; i < 5; i++) {
    e.clock.step(2000);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect([a.leading, b.leading]).toEqual([true, false]);
  await a.stop(); // releases the lease
  for (let i = 0; i < 3 && !b.leading; i++) {
    e.clock.step(2000);
    await eventually(async () => expect(b.leading).toBe(true), 500).catch(() => undefined);
  }
  expect(b.leading).toBe(true);
  expect(events).toEqual(["a:start", "a:stop", "b:start"]);
  await b.stop();
});
