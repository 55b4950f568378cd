import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.ts";
import { phase, startHarness, until } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const quick = (name: string) => ({
  metadata: { name },
  spec: {
    restartPolicy: "Never",
    containers: [{ name: "c", image: "x", command: ["sh", "-c", `echo ${name}`] }],
  },
});

describe("local-only: the kubelet rides out API faults", { timeout: 30_000 }, () => {
  it("local-only: relists after its pod watches are reset and their history expired (410)", async () => {
    await until("the kubelet's pod watches", 5_000, async () =>
      h.server.faults.openWatches() >= 2 ? true : undefined,
    );
    h.server.faults.expireHistory();
    expect(h.server.faults.cutWatches({ resource: "pods" }, "reset")).toBeGreaterThanOrEqual(2);
    await h.createPod(quick("after-cut"));
    await h.waitForPod("after-cut", phase("Succeeded"));
  });

  it("local-only: retries a failed binding, status patches and the final delete", async () => {
    const binding = h.server.faults.failNext(1, { verb: "create", resource: "pods/binding" }, 503);
    const status = h.server.faults.failNext(
      2,
      { verb: "patch", resource: "pods/status", name: "flaky-api" },
      500,
    );
    await h.createPod(quick("flaky-api"));
    const pod = await h.waitForPod("flaky-api", phase("Succeeded"));
    expect(binding.hits).toBe(1);
    expect(status.hits).toBe(2);
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);

    await h.createPod({
      metadata: { name: "slow-delete" },
      spec: {
        terminationGracePeriodSeconds: 1,
        // Ignores SIGTERM, so the kubelet's own delete comes only after the 1 s grace period.
        containers: [
          { name: "c", image: "x", command: ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"] },
        ],
      },
    });
    await h.waitForPod("slow-delete", phase("Running"));
    await h.core.deleteNamespacedPod({ name: "slow-delete", namespace: "default" });
    const deletes = h.server.faults.failNext(
      1,
      { verb: "delete", resource: "pods", name: "slow-delete" },
      429,
      {
        retryAfterSeconds: 0,
      },
    );
    await h.waitForGone("slow-delete");
    expect(deletes.hits).toBe(1);
  });
});
