/**
 * Restart safety: the scheduler is stopped while a create is in flight and a tick passes with no scheduler at all;
 * a new scheduler (a new process, as far as state goes) catches up within startingDeadlineSeconds. Every minute
 * has exactly one Workflow: nothing lost, nothing doubled.
 */
import { afterEach, expect, it } from "vitest";
import {
  advance,
  advanceUntil,
  createCron,
  cronWorkflow,
  type Env,
  eventually,
  getCron,
  listWorkflows,
  startEnv,
} from "./harness.js";

let env: Env | undefined;
afterEach(async () => {
  await env?.close();
});

const unix = (iso: string) => Date.parse(iso) / 1000;

it("stop mid-create, miss a tick while down, restart: every minute exactly once", {
  timeout: 20_000,
}, async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  await createCron(e, cronWorkflow("rs", { startingDeadlineSeconds: 150 }));
  const first = await e.startScheduler();
  await advance(e, 60_000); // 10:01 created by the first scheduler
  await eventually(async () =>
    expect((await getCron(e, "rs")).status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z"),
  );
  // The 10:02 create is held by the server for 20 s; the scheduler is stopped while it is in flight.
  const held = e.server.faults.inject({
    verb: "create",
    resource: "workflows",
    action: { type: "delay", ms: 20_000 },
    times: 1,
  });
  await advanceUntil(e, async () => held.hits === 1, 500);
  await first.stop();
  // Nobody schedules 10:03; the held request completes on the server meanwhile.
  for (let i = 0; i < 5; i++) {
    e.clock.step(5000);
    await new Promise((r) => setTimeout(r, 20));
  }
  // Either the server finished the abandoned create, or the stopping scheduler handed the tick over.
  const handedOver = (await getCron(e, "rs")).metadata.annotations?.["cronworkflows.weft.dev/pending-ticks"];
  const done = (await listWorkflows(e, "rs")).length === 2;
  expect(done || handedOver === String(unix("2026-01-05T10:02:00Z"))).toBe(true);
  e.clock.step(Date.parse("2026-01-05T10:03:40Z") - e.clock.now());
  await e.startScheduler(); // a fresh scheduler: no memory of the first
  await advance(e, 90_000, 1000); // to 10:05:10
  await eventually(async () =>
    expect((await listWorkflows(e, "rs")).map((w) => w.metadata.name)).toEqual(
      ["10:01", "10:02", "10:03", "10:04", "10:05"].map((t) => `rs-${unix(`2026-01-05T${t}:00Z`)}`),
    ),
  );
  const cron = await eventually(async () => {
    const c = await getCron(e, "rs");
    expect(c.status?.lastScheduledTime).toBe("2026-01-05T10:05:00Z");
    return c;
  });
  expect(cron.status?.active?.map((r) => r.name)).toHaveLength(5);
});

it("a restart right after a tick does not create it twice", async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  await createCron(e, cronWorkflow("twice", { startingDeadlineSeconds: 300 }));
  const first = await e.startScheduler();
  await advance(e, 60_000);
  await eventually(async () =>
    expect((await getCron(e, "twice")).status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z"),
  );
  await first.stop();
  const second = await e.startScheduler();
  await advance(e, 20_000); // to 10:01:50: the 10:01 tick is not repeated
  await second.stop();
  expect((await listWorkflows(e, "twice")).map((w) => w.metadata.name)).toEqual([
    `twice-${unix("2026-01-05T10:01:00Z")}`,
  ]);
  expect(e.metrics.count("triggered:twice")).toBe(0);
});
