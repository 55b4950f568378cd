/**
 * Soak: 200 CronWorkflows on "* * * * *" for 30 simulated minutes while 30% of API requests fail transiently at
 * random (connection resets before and after the server acted, 503, 504). Every (cron, minute) must have exactly
 * one Workflow: no duplicates, no misses within startingDeadlineSeconds.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, expect, it } from "vitest";
import { seededRandom, startFaultProxy } from "./fault-proxy.js";
import { advance, createCron, cronWorkflow, type Env, listWorkflows, makeApi, startEnv } from "./harness.js";

const CRONS = Number(process.env.WEFT_CRON_SOAK_CRONS ?? 200);
// About 24 s on a shared 2-core machine; WEFT_CRON_SOAK_MINUTES / WEFT_CRON_SOAK_CRONS change the size.
const MINUTES = Number(process.env.WEFT_CRON_SOAK_MINUTES ?? 30);

let env: Env | undefined;
let closeProxy: (() => Promise<void>) | undefined;
afterEach(async () => {
  await env?.close();
  await closeProxy?.();
});

it(`${CRONS} CronWorkflows x ${MINUTES} minutes with 30% transient API failures: exactly one Workflow per (cron, minute)`, {
  timeout: 120_000,
}, async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  for (let i = 0; i < CRONS; i++) {
    await createCron(e, cronWorkflow(`soak-${i}`, { startingDeadlineSeconds: 60 }));
  }
  const proxy = await startFaultProxy(
    e.server.url,
    Number(process.env.WEFT_CRON_SOAK_RATE ?? 0.3),
    seededRandom(20261201),
  );
  closeProxy = proxy.close;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "proxy", server: proxy.url, skipTLSVerify: true }],
    users: [{ name: "u", token: e.server.token }],
    contexts: [{ name: "c", cluster: "proxy", user: "u" }],
    currentContext: "c",
  });
  await e.startScheduler({
    api: makeApi(kc),
    workers: 8,
    catchUpIntervalMs: 5000,
  });
  await advance(e, MINUTES * 60_000, 5000);
  await advance(e, 60_000, 5000); // catch-up window for the last ticks (the deadline is 60 s)

  const all = await listWorkflows(e);
  const names = all.map((w) => w.metadata.name ?? "");
  expect(new Set(names).size).toBe(names.length); // no duplicates (names are unique per tick anyway)
  const expected = new Set<string>();
  const first = Date.parse("2026-01-05T10:01:00Z") / 1000;
  for (let i = 0; i < CRONS; i++) {
    for (let m = 0; m < MINUTES + 1; m++) expected.add(`soak-${i}-${first + m * 60}`);
  }
  const missing = [...expected].filter((n) => !names.includes(n));
  const unexpected = names.filter((n) => !expected.has(n));
  expect({ missing: missing.slice(0, 10), unexpected: unexpected.slice(0, 10) }).toEqual({
    missing: [],
    unexpected: [],
  });
  expect(names).toHaveLength(expected.size);
  // The faults really happened, on creates too.
  expect(proxy.stats.failed / proxy.stats.requests).toBeGreaterThan(0.2);
  expect(proxy.stats.byKind["reset-after"]).toBeGreaterThan(0);
  expect(e.metrics.count("retry")).toBeGreaterThan(0);
  expect(e.metrics.count("tick:lost")).toBe(0);
  expect(e.metrics.count("error:CronWorkflowSubmissionError")).toBe(0);
  // A create the server performed but the client never saw comes back as AlreadyExists and is adopted.
  expect(e.metrics.count("tick:exists")).toBeGreaterThan(0);
});
