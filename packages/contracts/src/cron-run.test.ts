import { describe, expect, it } from "vitest";
import { cronRunName, cronWorkflowToWorkflow, scheduleWithTimezoneString } from "./cron-run.js";
import { validateCronWorkflow, validateWorkflow } from "./validate/resource.js";

const cron = validateCronWorkflow({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "CronWorkflow",
  metadata: {
    name: "nightly",
    namespace: "argo",
    uid: "u-1",
    labels: { "workflows.argoproj.io/creator": "alice", unrelated: "x" },
  },
  spec: {
    schedules: ["0 0 * * *"],
    timezone: "Europe/Paris",
    workflowMetadata: { labels: { team: "data" }, annotations: { note: "n" }, finalizers: ["keep"] },
    workflowSpec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
  },
});

describe("CronWorkflow runs", () => {
  it("names runs by the scheduled Unix second", () => {
    expect(cronRunName("nightly", new Date("2024-05-29T00:00:00.900Z"))).toBe("nightly-1716940800");
  });

  it("builds the schedule string with the timezone", () => {
    expect(scheduleWithTimezoneString(["0 0 * * *", "@hourly"], "Europe/Paris")).toBe(
      "CRON_TZ=Europe/Paris 0 0 * * *,CRON_TZ=Europe/Paris @hourly",
    );
    expect(scheduleWithTimezoneString(["* * * * *"], "")).toBe("* * * * *");
  });

  it("converts a CronWorkflow into the Workflow Argo submits", () => {
    if (!cron.ok) throw new Error("fixture invalid");
    const wf = cronWorkflowToWorkflow(cron.value, new Date("2024-05-29T00:00:00Z"));
    expect(wf.metadata).toEqual({
      name: "nightly-1716940800",
      namespace: "argo",
      labels: {
        "workflows.argoproj.io/cron-workflow": "nightly",
        "workflows.argoproj.io/creator": "alice",
        team: "data",
      },
      annotations: { "workflows.argoproj.io/scheduled-time": "2024-05-29T00:00:00Z", note: "n" },
      finalizers: ["keep"],
      ownerReferences: [
        {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "CronWorkflow",
          name: "nightly",
          uid: "u-1",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(wf.spec).toEqual(cron.value.spec.workflowSpec);
    expect(validateWorkflow(wf).ok).toBe(true);
  });
});
