import { createKubeClient, LeaderElector } from "@weft/kube";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { kubeClock } from "../src/clock.js";
import { type Env, eventually, startEnv } from "./harness.js";

let env: Env | undefined;
afterEach(async () => {
  await env?.server.close();
});

it("one leader among replicas; the other takes over after the lease expires or is released", async () => {
  env = await startEnv();
  const e = env;
  const events: string[] = [];
  const kube = createKubeClient({ kubeconfig: e.kubeConfig });
  const make = (identity: string) => {
    const elector = new LeaderElector({
      leases: kube.leases,
      namespace: "default",
      name: "weft-cron",
      identity,
      clock: kubeClock(e.clock),
      random: () => 0,
      logger: pino({ level: "silent" }),
      callbacks: {
        onStartedLeading: () => events.push(`${identity}:start`),
        onStoppedLeading: () => events.push(`${identity}:stop`),
      },
    });
    const campaign = new AbortController();
    return {
      elector,
      start: () => void elector.run(campaign.signal),
      stop: () => {
        campaign.abort();
        return eventually(async () => expect(events).toContain(`${identity}:stop`));
      },
    };
  };
  const a = make("a");
  const b = make("b");
  a.start();
  await eventually(async () => expect(a.elector.isLeader()).toBe(true));
  b.start();
  for (let i = 0; i < 5; i++) {
    e.clock.step(2000);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect([a.elector.isLeader(), b.elector.isLeader()]).toEqual([true, false]);
  await a.stop(); // releases the lease
  for (let i = 0; i < 3 && !b.elector.isLeader(); i++) {
    e.clock.step(2000);
    await eventually(async () => expect(b.elector.isLeader()).toBe(true), 500).catch(() => undefined);
  }
  expect(b.elector.isLeader()).toBe(true);
  expect(events).toEqual(["a:start", "a:stop", "b:start"]);
  await b.stop();
});
