import { describe, expect, it } from "vitest";
import { buildWorkflow, rfc3339, workflowName } from "./build-workflow.js";
import type { CronWorkflow } from "./types.js";

const cron: CronWorkflow = {
  apiVersion: "argoproj.io/v1alpha1",
  kind: "CronWorkflow",
  metadata: {
    name: "hello",
    namespace: "argo",
    uid: "uid-1",
    labels: { "workflows.argoproj.io/creator": "alice", unrelated: "x" },
  },
  spec: { schedules: ["* * * * *"], workflowSpec: { entrypoint: "main", templates: [{ name: "main" }] } },
};
const at = Date.parse("2016-05-19T10:00:00Z");

describe("buildWorkflow", () => {
  it("names the Workflow <cron>-<unix seconds>", () => {
    expect(workflowName("hello", at)).toBe("hello-1463652000");
    expect(workflowName("hello", at + 999)).toBe("hello-1463652000");
  });
  it("has exactly the scheduled-time annotation without workflowMetadata (TestScheduleTimeParam)", () => {
    const wf = buildWorkflow(cron, at);
    expect(wf.metadata.annotations).toEqual({
      "workflows.argoproj.io/scheduled-time": "2016-05-19T10:00:00Z",
    });
    expect(rfc3339(at + 500)).toBe("2016-05-19T10:00:00Z");
  });
  it("sets labels, a controller ownerReference and copies the spec", () => {
    const wf = buildWorkflow(cron, at);
    expect(wf.kind).toBe("Workflow");
    expect(wf.metadata.name).toBe("hello-1463652000");
    expect(wf.metadata.namespace).toBe("argo");
    expect(wf.metadata.labels).toEqual({
      "workflows.argoproj.io/cron-workflow": "hello",
      "workflows.argoproj.io/creator": "alice",
    });
    expect(wf.metadata.ownerReferences).toEqual([
      {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "CronWorkflow",
        name: "hello",
        uid: "uid-1",
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(wf.spec).toEqual(cron.spec.workflowSpec);
    expect(wf.spec).not.toBe(cron.spec.workflowSpec);
  });
  it("applies workflowMetadata labels, annotations and finalizers", () => {
    const wf = buildWorkflow(
      {
        ...cron,
        spec: {
          ...cron.spec,
          workflowMetadata: { labels: { team: "a" }, annotations: { note: "n" }, finalizers: ["f/x"] },
        },
      },
      at,
    );
    expect(wf.metadata.labels?.team).toBe("a");
    expect(wf.metadata.annotations).toEqual({
      "workflows.argoproj.io/scheduled-time": "2016-05-19T10:00:00Z",
      note: "n",
    });
    expect(wf.metadata.finalizers).toEqual(["f/x"]);
  });
});
