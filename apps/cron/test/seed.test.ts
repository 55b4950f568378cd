/**
 * The seed (issue 10): Argo skipped a tick when creating its Workflow hit "connection reset by peer" or "connection
 * timed out". Here the API server resets the first two create requests and holds the third past the attempt
 * timeout; the tick still yields exactly one Workflow, with the right name, and no SubmissionError.
 */
import { afterEach, expect, it } from "vitest";
import {
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

it("reset, reset, timeout: one Workflow, retries counted, no SubmissionError", async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  await createCron(e, cronWorkflow("seed"));
  const resets = e.server.faults.inject({
    verb: "create",
    resource: "workflows",
    action: { type: "reset" },
    times: 2,
  });
  // Held 5 s (fake time), longer than the 2 s attempt timeout; the server then still creates it (or finds it exists).
  const held = e.server.faults.inject({
    verb: "create",
    resource: "workflows",
    action: { type: "delay", ms: 5000 },
    times: 1,
  });
  await e.startScheduler({ attemptTimeoutMs: 2000 });
  await advanceUntil(e, async () => (await listWorkflows(e, "seed")).length > 0, 500, 120_000);
  // Let the held request finish on the server too.
  await advanceUntil(
    e,
    async () => held.hits === 1 && !e.scheduler.debugState().startsWith("inFlight=1"),
    500,
    30_000,
  );
  await eventually(async () => {
    const list = await listWorkflows(e, "seed");
    expect(list.map((w) => w.metadata.name)).toEqual([`seed-${Date.parse("2026-01-05T10:01:00Z") / 1000}`]);
  });
  expect(resets.hits).toBe(2);
  expect(e.metrics.count("retry")).toBe(3);
  expect(e.metrics.count("attempt")).toBe(4);
  expect(e.metrics.count("giveup")).toBe(0);
  // undici reports the reset as "other side closed"; the third attempt is cut by the attempt timeout.
  expect(e.metrics.retries).toEqual([
    'message contains "other side closed"',
    'message contains "other side closed"',
    "attempt timed out",
  ]);
  const cron = await eventually(async () => {
    const c = await getCron(e, "seed");
    expect(c.status?.active).toHaveLength(1);
    return c;
  });
  expect(cron.status?.conditions?.find((c) => c.type === "SubmissionError")).toBeUndefined();
  expect(cron.status?.failed ?? 0).toBe(0);
  expect(cron.status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z");
  expect(e.metrics.count("error:CronWorkflowSubmissionError")).toBe(0);
});

it("exhausted transient retries: the tick is caught up within startingDeadlineSeconds and visible meanwhile", async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  await createCron(e, cronWorkflow("lost", { startingDeadlineSeconds: 120 }));
  // More failures than one tick's four attempts.
  e.server.faults.inject({
    verb: "create",
    resource: "workflows",
    action: { type: "status", code: 503 },
    times: 6,
  });
  await e.startScheduler();
  await advanceUntil(e, async () => e.metrics.count("tick:pending") === 1, 500);
  const pending = await eventually(async () => {
    const c = await getCron(e, "lost");
    expect(c.status?.conditions?.find((x) => x.type === "TransientSubmissionError")).toBeDefined();
    return c;
  });
  expect(pending.metadata.annotations?.["cronworkflows.weft.dev/pending-ticks"]).toBe(
    String(Date.parse("2026-01-05T10:01:00Z") / 1000),
  );
  expect(pending.status?.failed ?? 0).toBe(0);
  await advanceUntil(e, async () => (await listWorkflows(e, "lost")).length === 1, 1000);
  expect(e.metrics.count("tick:caught_up")).toBe(1);
  const cron = await eventually(async () => {
    const c = await getCron(e, "lost");
    expect(c.status?.conditions?.find((x) => x.type === "TransientSubmissionError")).toBeUndefined();
    return c;
  });
  expect(cron.metadata.annotations?.["cronworkflows.weft.dev/pending-ticks"]).toBeUndefined();
  expect(cron.status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z");
});

it("without startingDeadlineSeconds an exhausted tick is a SubmissionError, as in Argo", async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
  const e = env;
  await createCron(e, cronWorkflow("nodeadline"));
  e.server.faults.inject({
    verb: "create",
    resource: "workflows",
    action: { type: "status", code: 503 },
    times: 4,
  });
  await e.startScheduler();
  await advanceUntil(e, async () => ((await getCron(e, "nodeadline")).status?.failed ?? 0) === 1, 500);
  expect(e.metrics.count("giveup")).toBe(1);
  expect(e.metrics.count("error:CronWorkflowSubmissionError")).toBe(1);
});
