import { describe, expect, it } from "vitest";
import { isNodeFulfilled, isNodePhaseCompleted, isWorkflowPhaseCompleted } from "./phases.js";

describe("phases", () => {
  it("knows which phases are completed", () => {
    expect(["Succeeded", "Failed", "Error"].every((p) => isWorkflowPhaseCompleted(p))).toBe(true);
    expect(["", "Pending", "Running"].some((p) => isWorkflowPhaseCompleted(p))).toBe(false);
    expect(isNodePhaseCompleted("Skipped")).toBe(false);
  });

  it("implements NodeStatus.Fulfilled", () => {
    expect(isNodeFulfilled({ phase: "Succeeded" })).toBe(true);
    expect(isNodeFulfilled({ phase: "Succeeded", taskResultSynced: false })).toBe(false);
    expect(isNodeFulfilled({ phase: "Omitted" })).toBe(true);
    expect(isNodeFulfilled({ phase: "Running", daemoned: true })).toBe(true);
    expect(isNodeFulfilled({ phase: "Pending", daemoned: true })).toBe(false);
    expect(isNodeFulfilled({ phase: "Running" })).toBe(false);
  });
});
