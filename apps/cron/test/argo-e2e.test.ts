/**
 * Argo's CronWorkflow e2e behaviours (test/e2e/cron_test.go) and unit behaviours that need a cluster, end to end:
 * the real client against the embedded API server, schedules on a fake clock.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  advance,
  createCron,
  cronWorkflow,
  type Env,
  eventually,
  finishWorkflow,
  getCron,
  listWorkflows,
  patchCron,
  startEnv,
} from "./harness.js";

let env: Env | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const unix = (iso: string) => Date.parse(iso) / 1000;
const names = async (e: Env, cron: string) => (await listWorkflows(e, cron)).map((w) => w.metadata.name);

describe("Argo CronWorkflow behaviours", () => {
  it("TestBasicTimezone: schedules in spec.timezone", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    // 05:01 in New York (EST, UTC-5) is 10:01 UTC.
    await createCron(env, cronWorkflow("tz", { schedules: ["1 5 * * *"], timezone: "America/New_York" }));
    await createCron(env, cronWorkflow("utc", { schedules: ["1 5 * * *"], timezone: "UTC" }));
    await env.startScheduler();
    await advance(env, 60_000);
    await eventually(async () =>
      expect(await names(env as Env, "tz")).toEqual([`tz-${unix("2026-01-05T10:01:00Z")}`]),
    );
    expect(await names(env, "utc")).toEqual([]);
    const cron = await getCron(env, "tz");
    expect(cron.metadata.annotations?.["cronworkflows.argoproj.io/last-used-schedule"]).toBe(
      "CRON_TZ=America/New_York 1 5 * * *",
    );
  });

  it("timezones across DST: a 02:30 job on spring-forward day runs at 03:00 EDT", async () => {
    env = await startEnv("2026-03-08T06:59:30Z"); // 01:59:30 EST; clocks jump to 03:00 EDT at 07:00 UTC
    await createCron(env, cronWorkflow("dst", { schedules: ["30 2 * * *"], timezone: "America/New_York" }));
    await env.startScheduler();
    await advance(env, 60_000);
    await eventually(async () =>
      expect(await names(env as Env, "dst")).toEqual([`dst-${unix("2026-03-08T07:00:00Z")}`]),
    );
  });

  it("TestSuspend / TestResume: nothing while suspended, runs again after resume", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("sus", { suspend: true }));
    await env.startScheduler();
    await advance(env, 120_000);
    expect(await names(env, "sus")).toEqual([]);
    expect(env.metrics.count("tick:skipped")).toBe(2);
    await patchCron(env, "sus", { spec: { suspend: false } });
    await advance(env, 60_000);
    await eventually(async () =>
      expect(await names(env as Env, "sus")).toEqual([`sus-${unix("2026-01-05T10:03:00Z")}`]),
    );
  });

  it("TestBasicForbid: one active, the next tick is skipped and counted", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("forbid", { concurrencyPolicy: "Forbid" }));
    await env.startScheduler();
    await advance(env, 60_000);
    await eventually(async () =>
      expect((await getCron(env as Env, "forbid")).status?.active).toHaveLength(1),
    );
    await advance(env, 60_000);
    expect(await names(env, "forbid")).toHaveLength(1);
    const cron = await getCron(env, "forbid");
    expect(cron.status?.active).toHaveLength(1);
    expect(cron.status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z");
    expect(env.metrics.count("policy:forbid:Forbid")).toBe(1);
    expect(env.metrics.count("triggered:forbid")).toBe(1);
  });

  it("TestBasicAllow: two runs at once", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("allow", { concurrencyPolicy: "Allow" }));
    await env.startScheduler();
    await advance(env, 120_000);
    await eventually(async () => expect((await getCron(env as Env, "allow")).status?.active).toHaveLength(2));
    expect(await names(env, "allow")).toHaveLength(2);
  });

  it("TestBasicReplace: the old run is terminated before the new one starts", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("replace", { concurrencyPolicy: "Replace" }));
    await env.startScheduler();
    await advance(env, 60_000);
    const first = `replace-${unix("2026-01-05T10:01:00Z")}`;
    await eventually(async () =>
      expect((await getCron(env as Env, "replace")).status?.active).toHaveLength(1),
    );
    await advance(env, 60_000);
    const [old] = (await listWorkflows(env, "replace")).filter((w) => w.metadata.name === first);
    expect(old?.spec?.shutdown).toBe("Terminate");
    await finishWorkflow(env, first, "Failed"); // the workflow controller's part
    await advance(env, 10_000);
    const cron = await eventually(async () => {
      const c = await getCron(env as Env, "replace");
      expect(c.status?.active?.map((r) => r.name)).toEqual([`replace-${unix("2026-01-05T10:02:00Z")}`]);
      return c;
    });
    expect(cron.status?.lastScheduledTime).toBe("2026-01-05T10:02:00Z");
    expect(cron.status?.failed).toBe(1);
    expect(env.metrics.count("policy:replace:Replace")).toBe(1);
  });

  it("TestSuccessfulJobHistoryLimit / TestFailedJobHistoryLimit: with limit 1 only one remains", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("ok", { successfulJobsHistoryLimit: 1 }));
    await createCron(env, cronWorkflow("bad", { failedJobsHistoryLimit: 1 }));
    await env.startScheduler();
    for (let i = 0; i < 3; i++) {
      await advance(env, 60_000);
      const t = unix(`2026-01-05T10:0${i + 1}:00Z`);
      await eventually(async () => expect(await names(env as Env, "ok")).toContain(`ok-${t}`));
      await finishWorkflow(env, `ok-${t}`, "Succeeded");
      await eventually(async () => expect(await names(env as Env, "bad")).toContain(`bad-${t}`));
      await finishWorkflow(env, `bad-${t}`, "Failed");
    }
    await advance(env, 10_000);
    await eventually(async () => {
      expect(await names(env as Env, "ok")).toEqual([`ok-${unix("2026-01-05T10:03:00Z")}`]);
      expect(await names(env as Env, "bad")).toEqual([`bad-${unix("2026-01-05T10:03:00Z")}`]);
    });
    const ok = await getCron(env, "ok");
    expect(ok.status?.succeeded).toBe(3);
    expect(ok.status?.active).toEqual([]);
    expect((await getCron(env, "bad")).status?.failed).toBe(3);
  });

  it("TestMultipleSchedules / TestMultipleWithTimezone: one Workflow per scheduled time", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(
      env,
      cronWorkflow("multi", { schedules: ["*/2 * * * *", "*/3 * * * *"], timezone: "Asia/Kolkata" }),
    );
    await env.startScheduler();
    await advance(env, 6 * 60_000);
    const minutes = ["02", "03", "04", "06"].map((m) => `multi-${unix(`2026-01-05T10:${m}:00Z`)}`);
    await eventually(async () => expect(await names(env as Env, "multi")).toEqual(minutes));
    expect(env.metrics.count("tick:exists")).toBe(0);
  });

  it("TestStoppingConditionWithSucceeded: phase Stopped and the completed label", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(
      env,
      cronWorkflow("stop", { stopStrategy: { expression: "cronworkflow.succeeded >= 1" } }),
    );
    await env.startScheduler();
    await advance(env, 60_000);
    const first = `stop-${unix("2026-01-05T10:01:00Z")}`;
    await eventually(async () => expect(await names(env as Env, "stop")).toEqual([first]));
    await finishWorkflow(env, first, "Succeeded");
    await advance(env, 10_000);
    const cron = await eventually(async () => {
      const c = await getCron(env as Env, "stop");
      expect(c.status?.phase).toBe("Stopped");
      return c;
    });
    expect(cron.status?.succeeded).toBe(1);
    expect(cron.metadata.labels?.["cronworkflows.argoproj.io/completed"]).toBe("true");
    await advance(env, 120_000);
    expect(await names(env, "stop")).toEqual([first]);
  });

  it("TestStoppingConditionWithFailed", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(
      env,
      cronWorkflow("stopf", { stopStrategy: { expression: "cronworkflow.failed >= 1" } }),
    );
    await env.startScheduler();
    await advance(env, 60_000);
    const first = `stopf-${unix("2026-01-05T10:01:00Z")}`;
    await eventually(async () => expect(await names(env as Env, "stopf")).toEqual([first]));
    await finishWorkflow(env, first, "Failed");
    await advance(env, 10_000);
    await eventually(async () => {
      const c = await getCron(env as Env, "stopf");
      expect([
        c.status?.phase,
        c.status?.failed,
        c.metadata.labels?.["cronworkflows.argoproj.io/completed"],
      ]).toEqual(["Stopped", 1, "true"]);
    });
  });

  it("when: runs only while the expression holds (examples/cron-when.yaml)", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    const when =
      "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 90 }}";
    await createCron(env, cronWorkflow("when", { when }));
    await createCron(env, cronWorkflow("never", { when: "false" }));
    await env.startScheduler();
    for (let i = 0; i < 3; i++) {
      await advance(env, 60_000);
      await eventually(async () =>
        expect((await getCron(env as Env, "when")).status?.lastScheduledTime).toBeDefined(),
      );
    }
    await eventually(async () =>
      expect(await names(env as Env, "when")).toEqual([
        `when-${unix("2026-01-05T10:01:00Z")}`,
        `when-${unix("2026-01-05T10:03:00Z")}`,
      ]),
    );
    expect(await names(env, "never")).toEqual([]);
  });

  it("TestMalformedCronWorkflow: SpecError with the exact message, other CronWorkflows keep running", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("malformed", { schedules: ["10 * * 12737123 *"] }));
    await createCron(env, cronWorkflow("badtz", { timezone: "Mars/Olympus" }));
    await createCron(env, cronWorkflow("badpolicy", { concurrencyPolicy: "Sometimes" }));
    await createCron(env, cronWorkflow("fine"));
    await env.startScheduler();
    await advance(env, 60_000);
    await eventually(async () => expect(await names(env as Env, "fine")).toHaveLength(1));
    const condition = async (name: string) =>
      (await getCron(env as Env, name)).status?.conditions?.find((c) => c.type === "SpecError");
    await eventually(async () =>
      expect((await condition("malformed"))?.message).toMatch(
        /^cron schedule 10 \* \* 12737123 \* is malformed: /,
      ),
    );
    expect((await condition("badtz"))?.message).toBe(
      'invalid timezone "Mars/Olympus": unknown time zone Mars/Olympus',
    );
    expect((await condition("badpolicy"))?.message).toBe("'Sometimes' is not a valid concurrencyPolicy");
    expect((await condition("badpolicy"))?.status).toBe("True");
    expect(await names(env, "malformed")).toEqual([]);
    expect(env.metrics.count("error:CronWorkflowSpecError")).toBe(3);
    // Fixing the spec removes the condition and schedules it.
    await patchCron(env, "badpolicy", { spec: { concurrencyPolicy: "Allow" } });
    await advance(env, 60_000);
    await eventually(async () => {
      expect(await condition("badpolicy")).toBeUndefined();
      expect(await names(env as Env, "badpolicy")).toHaveLength(1);
    });
  });

  it("a 422 Invalid is not retried: SubmissionError, failed++, counted once", async () => {
    env = await startEnv("2026-01-05T10:00:30Z");
    await createCron(env, cronWorkflow("invalid"));
    env.server.faults.inject({
      verb: "create",
      resource: "workflows",
      action: { type: "status", code: 422 },
      times: 1,
    });
    await env.startScheduler();
    await advance(env, 60_000);
    const cron = await eventually(async () => {
      const c = await getCron(env as Env, "invalid");
      expect(c.status?.failed).toBe(1);
      return c;
    });
    expect(cron.status?.conditions?.find((c) => c.type === "SubmissionError")?.message).toMatch(
      /^Failed to submit Workflow: /,
    );
    expect(env.metrics.count("attempt")).toBe(1);
    expect(env.metrics.count("retry")).toBe(0);
    expect(env.metrics.count("error:CronWorkflowSubmissionError")).toBe(1);
    // The next tick succeeds and clears the condition.
    await advance(env, 60_000);
    await eventually(async () => {
      const c = await getCron(env as Env, "invalid");
      expect(c.status?.conditions?.find((x) => x.type === "SubmissionError")).toBeUndefined();
      expect(c.status?.active).toHaveLength(1);
    });
  });

  it("TestRunOutstandingWorkflows: a missed run within startingDeadlineSeconds runs at start, not beyond it", async () => {
    env = await startEnv("2026-01-05T10:01:30Z");
    const annotations = { "cronworkflows.argoproj.io/last-used-schedule": "* * * * *" };
    for (const [name, sds] of [
      ["within", 35],
      ["beyond", 25],
    ] as const) {
      const c = cronWorkflow(name, { startingDeadlineSeconds: sds });
      c.metadata.annotations = annotations;
      await createCron(env, c);
      await patchCron(env, name, { status: { lastScheduledTime: "2026-01-05T10:00:00Z" } });
    }
    await env.startScheduler();
    await advance(env, 1000);
    await eventually(async () =>
      expect(await names(env as Env, "within")).toEqual([`within-${unix("2026-01-05T10:01:00Z")}`]),
    );
    expect(await names(env, "beyond")).toEqual([]);
  });
});
