import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  advance,
  createCron,
  cronWorkflow,
  type Env,
  eventually,
  getCron,
  listWorkflows,
  startEnv,
} from "./harness.js";

let env: Env;
beforeEach(async () => {
  env = await startEnv("2026-01-05T10:00:30Z");
});
afterEach(async () => {
  await env.close();
});

describe("TestBasic", () => {
  it("creates one Workflow per minute with Argo's name, labels, annotation and ownerReference", async () => {
    const cron = await createCron(env, cronWorkflow("basic"));
    await env.startScheduler();
    await advance(env, 60_000);
    const [wf] = await eventually(async () => {
      const list = await listWorkflows(env, "basic");
      expect(list).toHaveLength(1);
      return list;
    });
    const expectedName = `basic-${Date.parse("2026-01-05T10:01:00Z") / 1000}`;
    expect(wf?.metadata.name).toBe(expectedName);
    expect(wf?.metadata.labels?.["workflows.argoproj.io/cron-workflow"]).toBe("basic");
    expect(wf?.metadata.annotations?.["workflows.argoproj.io/scheduled-time"]).toBe("2026-01-05T10:01:00Z");
    expect(wf?.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: "CronWorkflow",
        name: "basic",
        uid: cron.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    const status = await eventually(async () => {
      const c = await getCron(env, "basic");
      expect(c.status?.active).toHaveLength(1);
      return c;
    });
    expect(status.status?.lastScheduledTime).toBe("2026-01-05T10:01:00Z");
    expect(status.status?.phase).toBe("Active");
    expect(status.metadata.annotations?.["cronworkflows.argoproj.io/last-used-schedule"]).toBe("* * * * *");
    await advance(env, 120_000);
    await eventually(async () => expect(await listWorkflows(env, "basic")).toHaveLength(3));
    expect(env.metrics.count("triggered:basic")).toBe(3);
    expect(env.scheduler.scheduledCount).toBe(1);
  });
});
