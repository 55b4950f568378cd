import { describe, expect, it } from "vitest";
import { effectiveLimit, selectHistoryDeletions } from "./history.js";
import type { Workflow } from "./types.js";

function wf(name: string, phase: string, finishedAt: string, cron = "c"): Workflow {
  return {
    metadata: { name, labels: { "workflows.argoproj.io/cron-workflow": cron } },
    status: { phase, finishedAt },
  };
}

describe("selectHistoryDeletions (enforceHistoryLimit)", () => {
  const children = [
    wf("s1", "Succeeded", "2020-01-01T00:01:00Z"),
    wf("s2", "Succeeded", "2020-01-01T00:02:00Z"),
    wf("s3", "Succeeded", "2020-01-01T00:03:00Z"),
    wf("s4", "Succeeded", "2020-01-01T00:04:00Z"),
    wf("f1", "Failed", "2020-01-01T00:01:30Z"),
    wf("e1", "Error", "2020-01-01T00:02:30Z"),
    wf("r1", "Running", ""),
    wf("other", "Succeeded", "2020-01-01T00:00:00Z", "someone-else"),
  ];
  it("keeps 3 successful and 1 failed by default, deleting the oldest", () => {
    const d = selectHistoryDeletions("c", children, {});
    expect(d.successful.map((w) => w.metadata.name)).toEqual(["s1"]);
    expect(d.failed.map((w) => w.metadata.name)).toEqual(["f1"]);
  });
  it("honours explicit limits (limit 1: only one remains)", () => {
    const d = selectHistoryDeletions("c", children, { successful: 1, failed: 0 });
    expect(d.successful.map((w) => w.metadata.name)).toEqual(["s3", "s2", "s1"]);
    expect(d.failed.map((w) => w.metadata.name).sort()).toEqual(["e1", "f1"]);
  });
  it("treats negative limits as the default", () => {
    expect(effectiveLimit(-1, 3)).toBe(3);
    expect(effectiveLimit(0, 3)).toBe(0);
  });
});
