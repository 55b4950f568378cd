/** Deletion: finalizers and deletionTimestamp, pod grace periods, ownerReference garbage collection, namespaces. */
import { PatchStrategy, setHeaderOptions, type V1ConfigMap } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, failure, LOCAL, TEST_TIMEOUT, waitFor } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

/** Controllers of a real cluster take seconds; the local ones run at once. */
const SLOW = LOCAL ? 5000 : 90_000;

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("del");
});
afterAll(async () => {
  await c.close();
});

async function gone(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return false;
  } catch (err) {
    return (err as { code?: number }).code === 404;
  }
}

function ownerRef(owner: V1ConfigMap) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    name: owner.metadata?.name ?? "",
    uid: owner.metadata?.uid ?? "",
  };
}

describe("finalizers", () => {
  it("delete of an object with a finalizer sets deletionTimestamp; removing the finalizer deletes it", async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const events: string[] = [];
    const stream = await c.stream(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&fieldSelector=metadata.name=fin&resourceVersion=${list.metadata?.resourceVersion}`,
    );
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "fin", finalizers: ["example.com/hold"] } },
    });
    const res = await c.raw("DELETE", `/api/v1/namespaces/${ns}/configmaps/fin`);
    expect(res.status).toBe(200);
    const pending = res.json() as { metadata: { deletionTimestamp?: string; finalizers?: string[] } };
    expect(pending.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(pending.metadata.finalizers).toEqual(["example.com/hold"]);
    const still = await c.core.readNamespacedConfigMap({ name: "fin", namespace: ns });
    expect(still.metadata?.deletionTimestamp).toBeInstanceOf(Date);

    const { code } = await failure(
      c.core.patchNamespacedConfigMap(
        {
          name: "fin",
          namespace: ns,
          body: { metadata: { finalizers: ["example.com/hold", "example.com/new"] } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(code).toBe(422);

    await c.core.patchNamespacedConfigMap(
      { name: "fin", namespace: ns, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(await gone(() => c.core.readNamespacedConfigMap({ name: "fin", namespace: ns }))).toBe(true);
    await waitFor(() => stream.lines.some((l) => l.type === "DELETED"), 5000, "DELETED event");
    stream.close();
    for (const l of stream.lines) events.push(String(l.type));
    expect(events).toEqual(["ADDED", "MODIFIED", "DELETED"]);
  });
});

describe("pods", () => {
  const spec = { containers: [{ name: "c", image: "busybox" }], terminationGracePeriodSeconds: 30 };

  it("an unscheduled pod is deleted at once", async () => {
    await c.core.createNamespacedPod({ namespace: ns, body: { metadata: { name: "unsched" }, spec } });
    await c.core.deleteNamespacedPod({ name: "unsched", namespace: ns });
    expect(await gone(() => c.core.readNamespacedPod({ name: "unsched", namespace: ns }))).toBe(true);
  });

  it("a scheduled pod is deleted gracefully: deletionTimestamp and grace period, gone after a delete with grace 0", async () => {
    await c.core.createNamespacedPod({ namespace: ns, body: { metadata: { name: "graceful" }, spec } });
    await c.core.createNamespacedPodBinding({
      name: "graceful",
      namespace: ns,
      body: {
        metadata: { name: "graceful" },
        target: { apiVersion: "v1", kind: "Node", name: "no-such-node-xyz" },
      },
    });
    const bound = await c.core.readNamespacedPod({ name: "graceful", namespace: ns });
    expect(bound.spec?.nodeName).toBe("no-such-node-xyz");
    const rebind = await failure(
      c.core.createNamespacedPodBinding({
        name: "graceful",
        namespace: ns,
        body: { metadata: { name: "graceful" }, target: { apiVersion: "v1", kind: "Node", name: "other" } },
      }),
    );
    expect(rebind.code).toBe(409);
    const pending = await c.core.deleteNamespacedPod({
      name: "graceful",
      namespace: ns,
      gracePeriodSeconds: 20,
    });
    expect(pending.metadata?.deletionGracePeriodSeconds).toBe(20);
    expect(pending.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    const stillThere = await c.core.readNamespacedPod({ name: "graceful", namespace: ns });
    expect(stillThere.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await c.core.deleteNamespacedPod({ name: "graceful", namespace: ns, gracePeriodSeconds: 0 });
    expect(await gone(() => c.core.readNamespacedPod({ name: "graceful", namespace: ns }))).toBe(true);
  });
});

describe("garbage collection", () => {
  it("background: deleting the owner deletes its dependents", async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-bg" } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "dep-bg", ownerReferences: [ownerRef(owner)] } },
    });
    await c.core.deleteNamespacedConfigMap({
      name: "owner-bg",
      namespace: ns,
      propagationPolicy: "Background",
    });
    await waitFor(
      () => gone(() => c.core.readNamespacedConfigMap({ name: "dep-bg", namespace: ns })),
      SLOW,
      "dependent deleted",
    );
  });

  it("foreground: the owner waits with deletionTimestamp and foregroundDeletion until its dependents are gone", async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-fg" } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: {
          name: "dep-fg",
          finalizers: ["example.com/hold"],
          ownerReferences: [{ ...ownerRef(owner), blockOwnerDeletion: true }],
        },
      },
    });
    const res = await c.raw("DELETE", `/api/v1/namespaces/${ns}/configmaps/owner-fg`, {
      body: JSON.stringify({ propagationPolicy: "Foreground" }),
      contentType: "application/json",
    });
    expect(res.status).toBe(200);
    const pendingOwner = res.json() as { metadata: { finalizers?: string[]; deletionTimestamp?: string } };
    expect(pendingOwner.metadata.finalizers).toContain("foregroundDeletion");
    expect(pendingOwner.metadata.deletionTimestamp).toBeDefined();
    await waitFor(
      async () =>
        (await c.core.readNamespacedConfigMap({ name: "dep-fg", namespace: ns })).metadata
          ?.deletionTimestamp !== undefined,
      SLOW,
      "dependent being deleted",
    );
    const ownerNow = await c.core.readNamespacedConfigMap({ name: "owner-fg", namespace: ns });
    expect(ownerNow.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await c.core.patchNamespacedConfigMap(
      { name: "dep-fg", namespace: ns, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await waitFor(
      () => gone(() => c.core.readNamespacedConfigMap({ name: "owner-fg", namespace: ns })),
      SLOW,
      "owner deleted",
    );
  });

  it("foreground: a dependent without blockOwnerDeletion does not hold the owner back", async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-nb" } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: { name: "dep-nb", finalizers: ["example.com/hold"], ownerReferences: [ownerRef(owner)] },
      },
    });
    await c.core.deleteNamespacedConfigMap({
      name: "owner-nb",
      namespace: ns,
      propagationPolicy: "Foreground",
    });
    await waitFor(
      () => gone(() => c.core.readNamespacedConfigMap({ name: "owner-nb", namespace: ns })),
      SLOW,
      "owner deleted",
    );
    await waitFor(
      async () =>
        (await c.core.readNamespacedConfigMap({ name: "dep-nb", namespace: ns })).metadata?.deletionTimestamp,
      SLOW,
      "dependent deleted too",
    );
    await c.core.patchNamespacedConfigMap(
      { name: "dep-nb", namespace: ns, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  });

  it("orphan: deleting the owner keeps the dependents and removes their owner reference", async () => {
    const owner = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-or" } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "dep-or", ownerReferences: [ownerRef(owner)] } },
    });
    await c.core.deleteNamespacedConfigMap({ name: "owner-or", namespace: ns, propagationPolicy: "Orphan" });
    await waitFor(
      () => gone(() => c.core.readNamespacedConfigMap({ name: "owner-or", namespace: ns })),
      SLOW,
      "owner deleted",
    );
    const dep = await waitFor(
      async () => {
        const d = await c.core.readNamespacedConfigMap({ name: "dep-or", namespace: ns });
        return (d.metadata?.ownerReferences ?? []).length === 0 ? d : undefined;
      },
      SLOW,
      "owner reference removed",
    );
    expect(dep.metadata?.name).toBe("dep-or");
  });

  it("a dependent with a second, live owner survives and loses only the dangling reference", async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-a" } },
    });
    const b = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "owner-b" } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "dep-ab", ownerReferences: [ownerRef(a), ownerRef(b)] } },
    });
    await c.core.deleteNamespacedConfigMap({ name: "owner-a", namespace: ns });
    const dep = await waitFor(
      async () => {
        const d = await c.core.readNamespacedConfigMap({ name: "dep-ab", namespace: ns });
        return (d.metadata?.ownerReferences ?? []).length === 1 ? d : undefined;
      },
      SLOW,
      "dangling reference removed",
    );
    expect(dep.metadata?.ownerReferences?.[0]?.name).toBe("owner-b");
  });
});

describe("namespaces", () => {
  it("deleting a namespace marks it Terminating, refuses new content with 403, removes content, then disappears", async () => {
    const name = `doomed-${Math.random().toString(36).slice(2, 7)}`;
    await c.core.createNamespace({ body: { metadata: { name } } });
    await c.core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: "plain" } } });
    await c.core.createNamespacedConfigMap({
      namespace: name,
      body: { metadata: { name: "held", finalizers: ["example.com/hold"] } },
    });
    const terminating = await c.core.deleteNamespace({ name });
    expect(terminating).toMatchObject({ status: { phase: "Terminating" } });
    await waitFor(
      () => gone(() => c.core.readNamespacedConfigMap({ name: "plain", namespace: name })),
      SLOW,
      "content deleted",
    );
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: "late" } } }),
    );
    expect(code).toBe(403);
    expect(status.reason).toBe("Forbidden");
    expect(String(status.message)).toContain("because it is being terminated");
    const ns1 = await c.core.readNamespace({ name });
    expect(ns1.status?.phase).toBe("Terminating");
    await c.core.patchNamespacedConfigMap(
      { name: "held", namespace: name, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await waitFor(() => gone(() => c.core.readNamespace({ name })), SLOW, "namespace deleted");
  });
});

describe("namespace finalizers", () => {
  it("a namespace with its own metadata finalizer stays until both its content and that finalizer are gone", async () => {
    const name = `held-ns-${Math.random().toString(36).slice(2, 7)}`;
    await c.core.createNamespace({ body: { metadata: { name, finalizers: ["example.com/ns-hold"] } } });
    await c.core.createNamespacedConfigMap({
      namespace: name,
      body: { metadata: { name: "pin", finalizers: ["example.com/hold"] } },
    });
    await c.core.deleteNamespace({ name });
    await c.core.patchNamespace(
      { name, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const still = await c.core.readNamespace({ name });
    expect(still.status?.phase).toBe("Terminating");
    await c.core.patchNamespacedConfigMap(
      { name: "pin", namespace: name, body: { metadata: { finalizers: null } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await waitFor(() => gone(() => c.core.readNamespace({ name })), SLOW, "namespace deleted");
  });
});

describe.runIf(LOCAL)("local-only: namespace defaults", () => {
  it("local-only: a new namespace gets its default service account", async () => {
    const sa = await waitFor(
      async () => {
        try {
          return await c.core.readNamespacedServiceAccount({ name: "default", namespace: ns });
        } catch {
          return undefined;
        }
      },
      SLOW,
      "default service account",
    );
    expect(sa.metadata?.namespace).toBe(ns);
  });

  it("local-only: every namespace gets the kube-root-ca.crt ConfigMap holding the server's CA", async () => {
    const cm = await waitFor(
      async () => {
        try {
          return await c.core.readNamespacedConfigMap({ name: "kube-root-ca.crt", namespace: ns });
        } catch {
          return undefined;
        }
      },
      SLOW,
      "kube-root-ca.crt",
    );
    expect(cm.data?.["ca.crt"]).toBe(c.local?.caPem);
  });
});
