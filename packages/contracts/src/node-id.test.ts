import { describe, expect, it } from "vitest";
import { fnv1a32 } from "./fnv.js";
import { MAX_POD_NAME_PREFIX_LENGTH, nodeId, podName, podNameVersionFor } from "./node-id.js";

describe("nodeId", () => {
  it("is the workflow name for the root node", () => {
    expect(nodeId("hello", "hello")).toBe("hello");
  });

  it("matches Argo's node IDs (cmd/argo/commands/common/get_test.go)", () => {
    expect(nodeId("many-items-z26lj", "many-items-z26lj[0].sleep(9:nine)")).toBe(
      "many-items-z26lj-2619926859",
    );
    expect(nodeId("many-items-z26lj", "many-items-z26lj[0].sleep(10:ten)")).toBe(
      "many-items-z26lj-1052882686",
    );
    expect(nodeId("many-items-z26lj", "many-items-z26lj[0].sleep(11:eleven)")).toBe(
      "many-items-z26lj-3011405271",
    );
  });
});

describe("podName", () => {
  it("v2 is <workflow>-<template>-<fnv1a32(node name)>", () => {
    expect(podName({ workflowName: "wfname", nodeName: "nodename", templateName: "templatename" })).toBe(
      `wfname-templatename-${fnv1a32("nodename")}`,
    );
    expect(podName({ workflowName: "wfname", nodeName: "stp.inline", templateName: "" })).toBe(
      `wfname-${fnv1a32("stp.inline")}`,
    );
    expect(podName({ workflowName: "wfname", nodeName: "wfname", templateName: "main" })).toBe("wfname");
  });

  it("truncates a long prefix to 242 characters", () => {
    const wf = "a".repeat(130);
    const tmpl = "b".repeat(150);
    const name = podName({ workflowName: wf, nodeName: "nodename", templateName: tmpl });
    expect(MAX_POD_NAME_PREFIX_LENGTH).toBe(242);
    expect(name).toBe(`${`${wf}-${tmpl}`.slice(0, 242)}-${fnv1a32("nodename")}`);
    expect(name.length).toBeLessThanOrEqual(253);
  });

  it("v1 is the node ID", () => {
    expect(podName({ workflowName: "wf", nodeName: "wf.a", templateName: "t", version: "v1" })).toBe(
      nodeId("wf", "wf.a"),
    );
  });

  it("picks the version from the annotation, then the environment", () => {
    expect(podNameVersionFor({ "workflows.argoproj.io/pod-name-format": "v1" }, "v2")).toBe("v1");
    expect(podNameVersionFor({ "workflows.argoproj.io/pod-name-format": "bogus" }, "v1")).toBe("v2");
    expect(podNameVersionFor({}, "v1")).toBe("v1");
    expect(podNameVersionFor(undefined, undefined)).toBe("v2");
  });
});
