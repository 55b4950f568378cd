import { describe, expect, it } from "vitest";
import { validateKubeletOptions } from "./kubelet-options.js";

describe("validateKubeletOptions", () => {
  const ok = { nodeName: "weft-local", rootDir: "/tmp/k" };
  it("accepts sane options", () => {
    expect(() =>
      validateKubeletOptions({ ...ok, port: 0, heartbeatSeconds: 10, shutdownGracePeriodSeconds: 0 }),
    ).not.toThrow();
    expect(() => validateKubeletOptions({ ...ok, nodeName: "node-1.example.com" })).not.toThrow();
  });
  it("names the option and the rule", () => {
    expect(() => validateKubeletOptions({ ...ok, nodeName: "My_Node" })).toThrow(
      /^nodeName: "My_Node" must be a DNS subdomain/,
    );
    expect(() => validateKubeletOptions({ ...ok, rootDir: "relative/dir" })).toThrow(
      'rootDir: "relative/dir" must be an absolute path',
    );
    expect(() => validateKubeletOptions({ ...ok, port: 70000 })).toThrow(
      "port: 70000 must be an integer in 0..65535",
    );
    expect(() => validateKubeletOptions({ ...ok, heartbeatSeconds: 0 })).toThrow(
      "heartbeatSeconds: 0 must be positive",
    );
    expect(() => validateKubeletOptions({ ...ok, shutdownGracePeriodSeconds: -1 })).toThrow(
      /must not be negative/,
    );
  });
});
