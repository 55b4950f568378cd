import { describe, expect, it } from "vitest";
import { HELP, parseConfig, parseListenAddress } from "./config.js";

describe("parseConfig", () => {
  it("defaults to the embedded cluster, Argo's numbers and the cronCreate backoff", () => {
    const c = parseConfig([], {});
    expect(c.cluster).toBe("local");
    expect([c.workers, c.syncPeriodMs, c.attemptTimeoutMs, c.tickDeadlineMs]).toEqual([
      8, 10_000, 10_000, 60_000,
    ]);
    expect(c.retry).toEqual({ maxAttempts: 4, baseDelayMs: 100, factor: 2, maxDelayMs: 10_000, jitter: 0.1 });
    expect(c.leaderElect).toBe(true);
    expect(c.installCrds).toBe(true);
    expect(parseConfig(["--kubeconfig", "/k"], {}).installCrds).toBe(false);
    expect(c.logFormat).toBe("json");
  });
  it("takes flags over environment over defaults", () => {
    const env = {
      WEFT_CRON_WORKERS: "4",
      CRON_SYNC_PERIOD: "30s",
      KUBECONFIG: "/k",
      INSTANCE_ID: "i1",
      LEADER_ELECTION_DISABLE: "true",
    };
    const c = parseConfig(
      ["--workers", "16", "--retry-base-delay", "250ms", "--pretty", "--namespace", "argo"],
      env,
    );
    expect([c.workers, c.syncPeriodMs, c.retry.baseDelayMs]).toEqual([16, 30_000, 250]);
    expect([c.cluster, c.kubeconfig, c.instanceId, c.namespace, c.leaderElect, c.logFormat]).toEqual([
      "kubeconfig",
      "/k",
      "i1",
      "argo",
      false,
      "pretty",
    ]);
    expect(parseConfig([], { KUBERNETES_SERVICE_HOST: "10.0.0.1" }).cluster).toBe("in-cluster");
  });
  it("names the flag and the rule on bad input", () => {
    expect(() => parseConfig(["--workers", "0"], {})).toThrow('--workers: "0" must be an integer >= 1');
    expect(() => parseConfig(["--sync-period", "soon"], {})).toThrow(
      '--sync-period: "soon" is not a duration',
    );
    expect(() => parseConfig(["--retry-jitter", "2"], {})).toThrow("--retry-jitter");
    expect(() => parseConfig(["--log-format", "xml"], {})).toThrow("--log-format");
    expect(() => parseConfig(["--local", "--in-cluster"], {})).toThrow("--local");
    expect(() => parseConfig(["--bogus"], {})).toThrow();
    expect(() => parseListenAddress("host:99999")).toThrow("--metrics-address");
  });
  it("parses listen addresses", () => {
    expect(parseListenAddress(":9090")).toEqual({ host: "0.0.0.0", port: 9090 });
    expect(parseListenAddress("127.0.0.1:0")).toEqual({ host: "127.0.0.1", port: 0 });
    expect(parseListenAddress("off")).toBeUndefined();
  });
  it("documents every flag in --help", () => {
    for (const flag of [
      "--local",
      "--kubeconfig",
      "--in-cluster",
      "--apply",
      "--namespace",
      "--instance-id",
      "--workers",
      "--sync-period",
      "--default-timezone",
      "--retry-max-attempts",
      "--retry-base-delay",
      "--retry-factor",
      "--retry-max-delay",
      "--retry-jitter",
      "--attempt-timeout",
      "--tick-deadline",
      "--catch-up-interval",
      "--metrics-address",
      "--no-leader-elect",
      "--lease-name",
      "--lease-namespace",
      "--identity",
      "--log-level",
      "--log-format",
      "--pretty",
      "--help",
      "--version",
    ]) {
      expect(HELP).toContain(flag);
    }
  });
});
