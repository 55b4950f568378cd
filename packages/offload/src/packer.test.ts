import { describe, expect, it } from "vitest";
import { decodeDecompress } from "./compression.js";
import {
  compressWorkflowIfNeeded,
  DEFAULT_MAX_WORKFLOW_SIZE,
  decompressWorkflow,
  isTooLargeError,
  WorkflowTooLargeError,
  workflowSize,
} from "./packer.js";

function workflow(nodeCount: number) {
  const nodes: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < nodeCount; i++) {
    nodes[`wf-${i}`] = { id: `wf-${i}`, name: `wf[0].step(${i})`, type: "Pod", phase: "Succeeded" };
  }
  return {
    metadata: { name: "wf", uid: "u1", namespace: "argo" },
    spec: { entrypoint: "main" },
    status: { phase: "Running", nodes },
  };
}

describe("packer", () => {
  it("measures the JSON of the whole object against 1 MiB by default", () => {
    const wf = workflow(3);
    expect(workflowSize(wf)).toBe(Buffer.byteLength(JSON.stringify(wf)));
    expect(DEFAULT_MAX_WORKFLOW_SIZE).toBe(1024 * 1024);
    expect(compressWorkflowIfNeeded(wf)).toBe(wf);
  });

  it("compresses the nodes of a workflow over the limit into compressedNodes", () => {
    const wf = workflow(200);
    const max = workflowSize(wf) - 1;
    const packed = compressWorkflowIfNeeded(wf, { maxWorkflowSize: max });
    const status = packed.status as Record<string, unknown>;
    expect(status.nodes).toBeUndefined();
    expect(typeof status.compressedNodes).toBe("string");
    expect(JSON.parse(decodeDecompress(status.compressedNodes as string))).toEqual(wf.status.nodes);
    expect(workflowSize(packed)).toBeLessThanOrEqual(max);
    expect(wf.status.nodes["wf-0"]).toBeDefined(); // input untouched
    expect(decompressWorkflow(packed)).toEqual(wf);
  });

  it("throws Argo's too-large error when even compressed it does not fit", () => {
    const wf = workflow(200);
    const err = (() => {
      try {
        compressWorkflowIfNeeded(wf, { maxWorkflowSize: 300 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(WorkflowTooLargeError);
    expect((err as Error).message).toMatch(
      /^workflow is longer than maximum allowed size\. compressed size \d+ > maxSize 300$/,
    );
    expect(isTooLargeError(err)).toBe(true);
    expect(isTooLargeError(new Error("something else"))).toBe(false);
  });

  it("decompression leaves a workflow with nodes alone and reports corrupt compressedNodes", () => {
    const wf = workflow(2);
    expect(decompressWorkflow(wf)).toBe(wf);
    const bad = { ...wf, status: { phase: "Running", compressedNodes: "AAAA" } };
    expect(() => decompressWorkflow(bad)).toThrow(/compressedNodes: unknown compression/);
    expect(() => compressWorkflowIfNeeded(wf, { maxWorkflowSize: 0 })).toThrow(
      "maxWorkflowSize: must be a positive integer number of bytes, got 0",
    );
  });
});
