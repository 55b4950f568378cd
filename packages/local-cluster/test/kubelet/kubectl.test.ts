import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.ts";
import { alive, startHarness, until } from "./harness.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

let h: Harness;
const kubectl = (...args: string[]) =>
  run("kubectl", ["--kubeconfig", h.server.kubeconfigPath, "--request-timeout=20s", ...args]);

beforeAll(async () => {
  const install = await run("bash", [join(import.meta.dirname, "../../scripts/ensure-kubectl.sh")]);
  if (install.code !== 0) throw new Error(`kubectl could not be installed: ${install.stderr}`);
  h = await startHarness();
}, 600_000);
afterAll(async () => {
  await h?.close();
});

describe("kubectl drives the local kubelet", { timeout: 60_000 }, () => {
  it("run, wait, logs, get: a pod runs as a host process and reports Completed", async () => {
    const created = await kubectl(
      "run",
      "hello",
      "--image=ignored",
      "--restart=Never",
      "--command",
      "--",
      "sh",
      "-c",
      "echo hello from $HOSTNAME",
    );
    expect(created.stdout).toBe("pod/hello created\n");
    const waited = await kubectl(
      "wait",
      "--for=jsonpath={.status.phase}=Succeeded",
      "pod/hello",
      "--timeout=30s",
    );
    expect(waited.stdout).toBe("pod/hello condition met\n");
    expect((await kubectl("logs", "hello")).stdout).toBe("hello from hello\n");
    const table = await kubectl("get", "pod", "hello");
    expect(table.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nhello\s+0\/1\s+Completed\s+0\s+\d+s\n$/,
    );
  });

  it("logs -f streams a running container; delete kills it", async () => {
    await kubectl(
      "run",
      "ticker",
      "--image=ignored",
      "--command",
      "--",
      "sh",
      "-c",
      "echo tick; sleep 0.2; echo tock; sleep 300",
    );
    const ready = await kubectl("wait", "--for=condition=Ready", "pod/ticker", "--timeout=30s");
    expect(ready.code).toBe(0);
    const pid = Number(
      (
        await kubectl("get", "pod", "ticker", "-o", "jsonpath={.status.containerStatuses[0].containerID}")
      ).stdout.split("://")[1],
    );
    expect(alive(pid)).toBe(true);
    const followed = await run("kubectl", [
      "--kubeconfig",
      h.server.kubeconfigPath,
      "logs",
      "-f",
      "ticker",
      "--pod-running-timeout=5s",
      "--limit-bytes=10",
    ]);
    expect(followed.stdout).toBe("tick\ntock\n");
    const deleted = await kubectl("delete", "pod", "ticker", "--grace-period=1");
    expect(deleted.stdout).toBe('pod "ticker" deleted\n');
    await until("the process to be gone", 10_000, async () => (alive(pid) ? undefined : true));
  });
});
