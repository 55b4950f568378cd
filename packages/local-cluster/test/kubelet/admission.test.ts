import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_PROCESS_TAINT } from "../../src/kubelet/host-process-admission.ts";
import type { Harness } from "./harness.ts";
import { phase, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ onlyTolerating: true });
});
afterAll(async () => {
  await h?.close();
});

const pod = (name: string, tolerate: boolean, bound = true) => ({
  metadata: { name },
  spec: {
    restartPolicy: "Never",
    ...(bound ? { nodeName: "weft-local" } : {}),
    tolerations: tolerate
      ? [{ key: HOST_PROCESS_TAINT, operator: "Exists", effect: "NoSchedule" }]
      : [{ operator: "Exists" }],
    containers: [{ name: "c", image: "x", command: ["sh", "-c", "echo ran"] }],
  },
});

describe("a kubelet that only admits pods tolerating host processes (joined mode)", {
  timeout: 30_000,
}, () => {
  it("taints its node, runs tolerating pods and fails the others without running them", async () => {
    const node = await h.core.readNode({ name: "weft-local" });
    expect(node.spec?.taints).toEqual([
      expect.objectContaining({ key: HOST_PROCESS_TAINT, effect: "NoSchedule" }),
    ]);
    await h.createPod(pod("tolerating", true));
    await h.createPod(pod("daemon-like", false));
    await h.waitForPod("tolerating", phase("Succeeded"));
    const rejected = await h.waitForPod("daemon-like", phase("Failed"));
    expect(rejected.status?.reason).toBe("HostProcessesNotTolerated");
    expect(rejected.status?.containerStatuses ?? []).toEqual([]);
    expect(h.kubelet.worker("default", "daemon-like")).toBeUndefined();
  });

  it("does not bind unscheduled pods that do not tolerate the taint", async () => {
    await h.createPod(pod("unbound", false, false));
    await h.createPod(pod("bound", true, false));
    await h.waitForPod("bound", phase("Succeeded"));
    const unbound = await h.core.readNamespacedPod({ name: "unbound", namespace: "default" });
    expect(unbound.spec?.nodeName ?? "").toBe("");
  });
});
