import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli.js";

describe("parseCliOptions", () => {
  it("uses defaults, then environment, then flags", () => {
    const d = parseCliOptions([], {});
    expect(d).toMatchObject({
      stateDir: resolve(".weft/local"),
      kubeconfig: resolve(".weft/local/kubeconfig"),
      host: "127.0.0.1",
      port: 0,
      kubelet: true,
      schedule: true,
      persist: false,
      nodeName: "weft-local",
      nodeAddress: "127.0.0.1",
      kubeletPort: 0,
      logFormat: "json",
      logLevel: "info",
      shutdownGraceSeconds: 10,
    });
    const env = {
      WEFT_LOCAL_PORT: "6443",
      WEFT_LOG_FORMAT: "pretty",
      WEFT_LOCAL_PERSIST: "1",
      WEFT_LOCAL_STATE_DIR: "/s",
    };
    expect(parseCliOptions([], env)).toMatchObject({
      port: 6443,
      logFormat: "pretty",
      persist: true,
      kubeconfig: "/s/kubeconfig",
    });
    expect(parseCliOptions(["--port", "7000", "--log-format", "json", "--no-persist"], env)).toMatchObject({
      port: 7000,
      logFormat: "json",
      persist: false,
    });
  });

  it("runs only the kubelet with --join, which stops binding pods unless asked", () => {
    expect(parseCliOptions(["--join", "/k/config"], {})).toMatchObject({
      join: "/k/config",
      schedule: false,
    });
    expect(parseCliOptions(["--join", "/k/config", "--schedule"], {})).toMatchObject({ schedule: true });
    expect(
      parseCliOptions(["--join", "/k", "--node-address", "10.0.0.5"], { WEFT_LOCAL_KUBELET_PORT: "10250" }),
    ).toMatchObject({ nodeAddress: "10.0.0.5", kubeletPort: 10250 });
    expect(() => parseCliOptions(["--join", "/k", "--no-kubelet"], {})).toThrow(/cannot be combined/);
  });

  it("names the flag or variable in errors", () => {
    expect(() => parseCliOptions(["--port", "70000"], {})).toThrow(
      '--port: "70000" must be an integer in 0..65535',
    );
    expect(() => parseCliOptions([], { WEFT_LOCAL_PORT: "x" })).toThrow(/^WEFT_LOCAL_PORT: "x"/);
    expect(() => parseCliOptions([], { WEFT_LOCAL_KUBELET: "maybe" })).toThrow(
      /WEFT_LOCAL_KUBELET: "maybe" is not a boolean/,
    );
    expect(() => parseCliOptions(["--log-format", "xml"], {})).toThrow(
      /--log-format: "xml" must be json or pretty/,
    );
    expect(() => parseCliOptions(["--bogus"], {})).toThrow(/bogus/);
    expect(() => parseCliOptions(["--node-name", "Bad_Name"], {})).toThrow(
      /^--node-name: "Bad_Name" must be a DNS subdomain/,
    );
  });
});
