import { EventEmitter } from "node:events";
import { RateLimitingQueue, runWorkers } from "@weft/workqueue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  enqueueHandler,
  HealthChecks,
  Informer,
  LeaderElector,
  Lifecycle,
  type ProcessLike,
  splitKey,
  startHealthServer,
  updateWithRetry,
} from "../src/index.ts";
import { type TestCluster, testCluster, waitFor } from "./support/cluster.ts";

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await testCluster();
});
afterAll(() => cluster.close());

class FakeProcess extends EventEmitter implements ProcessLike {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

describe("the README's minimal controller", () => {
  it("reconciles through informer + workqueue workers while leading; SIGTERM drains, releases the lease, exits 0", async () => {
    const ns = await cluster.namespace("ctrl");
    const kube = cluster.client({ qps: 20, burst: 30 });
    for (const name of ["a", "b", "c"])
      await kube.workflows.create({ metadata: { name, namespace: ns }, spec: {} });
    const proc = new FakeProcess();
    const handled: string[] = [];

    // --- the controller, as in the README (process injected) ---
    const health = new HealthChecks();
    const life = new Lifecycle({ health, process: proc });
    const queue = new RateLimitingQueue<string>({ name: "workflows" });
    const informer = new Informer(kube.workflows, { namespace: ns });
    informer.addEventHandler(enqueueHandler(queue));
    const elector = new LeaderElector({
      leases: kube.leases,
      namespace: ns,
      name: "hello-controller",
      identity: "pod-1",
      callbacks: {
        onStartedLeading: (signal) =>
          void runWorkers(queue, {
            concurrency: 4,
            signal,
            handler: async (key) => {
              const { namespace, name } = splitKey(key);
              const wf = informer.get(namespace, name);
              if (wf === undefined || wf.status?.phase !== undefined) return;
              handled.push(key);
              await updateWithRetry(
                kube.workflows,
                namespace,
                name,
                (w) => ({ ...w, status: { phase: "Pending" } }),
                {
                  subresource: "status",
                },
              );
            },
          }),
        onStoppedLeading: () => void life.shutdown("lost leadership").then((code) => proc.exit(code)),
      },
    });
    health.addReadinessCheck("informer", () => informer.hasSynced() || "not synced");
    health.addLivenessCheck("leader", () => elector.check(20_000));
    const leading = new AbortController();
    const term = elector.run(leading.signal);
    life
      .onShutdown("drain queue", ({ signal }) => queue.shutDownWithDrain({ signal }))
      .onShutdown("release lease", () => {
        leading.abort();
        return term;
      })
      .onShutdown("stop informer", () => informer.stop());
    life.installSignalHandlers();
    informer.start();
    const probes = await startHealthServer(health);
    life.onShutdown("probes", () => probes.close());
    // --- end of the controller ---

    await waitFor(async () => {
      const list = await kube.workflows.list(ns);
      return list.items.every((w) => w.status?.phase === "Pending");
    }, "every workflow reconciled");
    expect(handled.sort()).toEqual([`${ns}/a`, `${ns}/b`, `${ns}/c`]);
    expect((await fetch(`${probes.url}/readyz`)).status).toBe(200);
    expect((await kube.leases.get(ns, "hello-controller")).spec?.holderIdentity).toBe("pod-1");

    proc.emit("SIGTERM");
    expect(health.evaluate("readyz").ok).toBe(false);
    await waitFor(() => proc.exits.length > 0, "exit");
    expect(proc.exits[0]).toBe(0);
    expect((await kube.leases.get(ns, "hello-controller")).spec).toMatchObject({
      holderIdentity: "",
      leaseTransitions: 0,
    });
    expect(informer.state().phase).toBe("stopped");
    expect(queue.shuttingDown()).toBe(true);
  });
});
