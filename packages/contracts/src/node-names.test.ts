import { describe, expect, it } from "vitest";
import {
  containerNodeName,
  dagTaskNodeName,
  expandedNodeName,
  hookNodeName,
  nodeDisplayName,
  onExitNodeName,
  retryChildNodeName,
  stepGroupNodeName,
  stepNodeName,
} from "./node-names.js";

describe("node names", () => {
  it("builds steps, dag, retry, exit, hook and container names", () => {
    expect(stepGroupNodeName("wf", 0)).toBe("wf[0]");
    expect(stepNodeName("wf", 1, "hello2a")).toBe("wf[1].hello2a");
    expect(dagTaskNodeName("wf", "A")).toBe("wf.A");
    expect(retryChildNodeName("wf.A", 2)).toBe("wf.A(2)");
    expect(onExitNodeName("wf")).toBe("wf.onExit");
    expect(hookNodeName("wf[0].step", "running")).toBe("wf[0].step.hooks.running");
    expect(containerNodeName("wf.pod", "main")).toBe("wf.pod.main");
  });

  it("expands items like Argo's generateNodeName", () => {
    expect(expandedNodeName("sleep", 10, "ten")).toBe("sleep(10:ten)");
    expect(expandedNodeName("sleep", 10, [{ foo: "bar" }])).toBe('sleep(10:[{"foo":"bar"}])');
    expect(expandedNodeName("sleep", 10, [10])).toBe("sleep(10:[10])");
    expect(expandedNodeName("s", 0, ["a", "b"])).toBe("s(0:[a b])");
    expect(expandedNodeName("s", 1, { os: "linux", image: "debian" })).toBe("s(1:image:debian,os:linux)");
    expect(expandedNodeName("s", 2, "f(x)")).toBe("s(2:fx)");
    expect(expandedNodeName("s", 3, 1.5)).toBe("s(3:1.5)");
    expect(expandedNodeName("s", 4, true)).toBe("s(4:true)");
  });

  it("derives display names from the boundary", () => {
    expect(nodeDisplayName("wf", undefined)).toBe("wf");
    expect(nodeDisplayName("wf[0]", "wf")).toBe("[0]");
    expect(nodeDisplayName("wf[0].hello1", "wf")).toBe("hello1");
    expect(nodeDisplayName("wf.A", "wf")).toBe("A");
    expect(nodeDisplayName("wf.A(0)", "wf")).toBe("A(0)");
  });
});
