import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { HELP, main } from "../../src/cli.ts";
import { alive, until } from "./harness.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("weft-local CLI", { timeout: 30_000 }, () => {
  it("prints help", async () => {
    let out = "";
    const code = await main(
      ["--help"],
      {},
      { signals: new EventEmitter(), stdout: (t) => (out += t), stderr: () => {} },
    );
    expect(code).toBe(0);
    expect(out).toBe(HELP);
  });

  it("rejects bad flags with exit code 2", async () => {
    let err = "";
    const code = await main(
      ["--port", "nope"],
      {},
      { signals: new EventEmitter(), stdout: () => {}, stderr: (t) => (err += t) },
    );
    expect(code).toBe(2);
    expect(err).toMatch(/^weft-local: --port: "nope" must be an integer/);
  });

  it("fails to start with exit code 1 when the port is taken", async () => {
    dir = mkdtempSync(join(tmpdir(), "weft-cli-"));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const code = await main(
        ["--state-dir", dir, "--port", port, "--log-level", "silent"],
        {},
        {
          signals: new EventEmitter(),
          stdout: () => {},
          stderr: () => {},
        },
      );
      expect(code).toBe(1);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it("starts server and kubelet, prints the kubeconfig path, runs a pod, and stops on SIGTERM", async () => {
    dir = mkdtempSync(join(tmpdir(), "weft-cli-"));
    const signals = new EventEmitter();
    let out = "";
    const exit = main(
      ["--state-dir", dir, "--log-level", "silent", "--shutdown-grace", "1"],
      {},
      {
        signals,
        stdout: (t) => (out += t),
        stderr: () => {},
      },
    );
    const path = await until("the kubeconfig path on stdout", 10_000, async () =>
      out.endsWith("\n") ? out.trim() : undefined,
    );
    expect(path).toBe(join(dir, "kubeconfig"));
    const kc = new KubeConfig();
    kc.loadFromString(readFileSync(path, "utf8"));
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: "default",
      body: {
        metadata: { name: "hello" },
        spec: {
          restartPolicy: "Never",
          containers: [{ name: "c", image: "x", command: ["sh", "-c", "echo hi"] }],
        },
      },
    });
    await until("the pod to succeed", 10_000, async () => {
      const pod = await core.readNamespacedPod({ name: "hello", namespace: "default" });
      return pod.status?.phase === "Succeeded" ? pod : undefined;
    });
    await core.createNamespacedPod({
      namespace: "default",
      body: {
        metadata: { name: "forever" },
        spec: {
          containers: [
            { name: "c", image: "x", command: ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"] },
          ],
        },
      },
    });
    const running = await until("the long pod to run", 10_000, async () => {
      const pod = await core.readNamespacedPod({ name: "forever", namespace: "default" });
      return pod.status?.phase === "Running" ? pod : undefined;
    });
    const pid = Number(running.status?.containerStatuses?.[0]?.containerID?.split("://")[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    signals.emit("SIGTERM", "SIGTERM");
    expect(await exit).toBe(0);
    expect(alive(pid)).toBe(false);
  });
});
