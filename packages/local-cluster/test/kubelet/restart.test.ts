import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kubelet } from "../../src/kubelet/kubelet.ts";
import type { Harness } from "./harness.ts";
import { alive, phase, startHarness, until } from "./harness.ts";

let h: Harness;
let second: Kubelet | undefined;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await second?.stop();
  await h?.close();
});

const looping = (name: string, restartPolicy: string) => ({
  metadata: { name },
  spec: {
    restartPolicy,
    terminationGracePeriodSeconds: 1,
    containers: [{ name: "c", image: "x", command: ["sh", "-c", "while :; do sleep 1; done"] }],
  },
});

function pidOf(pod: { status?: { containerStatuses?: { containerID?: string }[] } }): number {
  return Number(pod.status?.containerStatuses?.[0]?.containerID?.split("://")[1]);
}

describe("a kubelet started after another one crashed on the same rootDir", { timeout: 30_000 }, () => {
  it.runIf(process.platform === "linux")(
    "kills the leftover processes, fails restartPolicy Never pods as ContainerStatusUnknown, reruns the others",
    async () => {
      await h.createPod(looping("never", "Never"));
      await h.createPod(looping("always", "Always"));
      const never = await h.waitForPod("never", phase("Running"));
      const always = await h.waitForPod("always", phase("Running"));
      const oldPids = [pidOf(never), pidOf(always)];
      expect(oldPids.every(alive)).toBe(true);

      await h.kubelet.stop({ leavePodsRunning: true });
      expect(oldPids.every(alive)).toBe(true);
      const ghost = join(h.kubeletOptions.rootDir, "pods", "default_ghost_0000-gone");
      mkdirSync(ghost, { recursive: true });

      second = new Kubelet(h.kubeletOptions);
      await second.start();
      await until("the leftover processes to die", 5_000, async () =>
        oldPids.some(alive) ? undefined : true,
      );
      expect(existsSync(ghost)).toBe(false);

      const lost = await h.waitForPod("never", phase("Failed"));
      expect(lost.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
        exitCode: 137,
        reason: "ContainerStatusUnknown",
        message: "The container could not be located when the pod was terminated",
      });
      const rerun = await h.waitForPod(
        "always",
        (p) => p.status?.phase === "Running" && pidOf(p) !== oldPids[1],
      );
      expect(alive(pidOf(rerun))).toBe(true);
    },
  );
});
