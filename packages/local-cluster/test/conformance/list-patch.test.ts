/** List selectors and pagination; JSON merge patch, JSON patch and strategic merge patch. */
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, failure, LOCAL, TEST_TIMEOUT } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("list");
  const make = (name: string, labels: Record<string, string>) =>
    c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name, labels } } });
  await make("a-web-prod", { app: "web", env: "prod" });
  await make("b-web-dev", { app: "web", env: "dev" });
  await make("c-db-prod", { app: "db", env: "prod" });
  await make("d-nolabel", {});
  await make("e-legacy", { app: "web", legacy: "true" });
});
afterAll(async () => {
  await c.close();
});

async function names(labelSelector?: string, fieldSelector?: string): Promise<string[]> {
  const list = await c.core.listNamespacedConfigMap({
    namespace: ns,
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(fieldSelector === undefined ? {} : { fieldSelector }),
  });
  return (list.items ?? [])
    .map((i) => i.metadata?.name ?? "")
    .filter((n) => n !== "kube-root-ca.crt")
    .sort();
}

describe("list", () => {
  it("returns a typed list with a resourceVersion", async () => {
    const res = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: "ConfigMapList", apiVersion: "v1" });
    expect((body.metadata as { resourceVersion: string }).resourceVersion).toMatch(/^\d+$/);
  });

  it("filters by equality label selectors", async () => {
    expect(await names("app=web")).toEqual(["a-web-prod", "b-web-dev", "e-legacy"]);
    expect(await names("app==web,env=prod")).toEqual(["a-web-prod"]);
    expect(await names("app!=web")).toEqual(["c-db-prod", "d-nolabel"]);
  });

  it("filters by set-based label selectors", async () => {
    expect(await names("env in (prod,dev)")).toEqual(["a-web-prod", "b-web-dev", "c-db-prod"]);
    expect(await names("env notin (prod)")).toEqual(["b-web-dev", "d-nolabel", "e-legacy"]);
    expect(await names("legacy")).toEqual(["e-legacy"]);
    expect(await names("app,!legacy")).toEqual(["a-web-prod", "b-web-dev", "c-db-prod"]);
  });

  it("rejects a malformed label selector with 400", async () => {
    const { code, status } = await failure(
      c.core.listNamespacedConfigMap({ namespace: ns, labelSelector: "app in (web" }),
    );
    expect(code).toBe(400);
    expect(status.reason).toBe("BadRequest");
  });

  it("filters by metadata.name and metadata.namespace field selectors", async () => {
    expect(await names(undefined, "metadata.name=c-db-prod")).toEqual(["c-db-prod"]);
    expect(await names(undefined, `metadata.namespace=${ns},metadata.name!=c-db-prod`)).toContain(
      "a-web-prod",
    );
  });

  it("rejects an unsupported field selector with 400", async () => {
    const { code } = await failure(
      c.core.listNamespacedConfigMap({ namespace: ns, fieldSelector: "data.k=v" }),
    );
    expect(code).toBe(400);
  });

  it("filters pods by status.phase and spec.nodeName", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "p1" }, spec: { containers: [{ name: "c", image: "busybox" }] } },
    });
    const pending = await c.core.listNamespacedPod({ namespace: ns, fieldSelector: "status.phase=Pending" });
    expect(pending.items.map((p) => p.metadata?.name)).toEqual(["p1"]);
    const running = await c.core.listNamespacedPod({ namespace: ns, fieldSelector: "status.phase=Running" });
    expect(running.items).toEqual([]);
    const unscheduled = await c.core.listNamespacedPod({ namespace: ns, fieldSelector: "spec.nodeName=" });
    expect(unscheduled.items.map((p) => p.metadata?.name)).toEqual(["p1"]);
  });

  it("pages with limit and continue until every object was seen once", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.core.listNamespacedConfigMap({
        namespace: ns,
        limit: 2,
        ...(token === undefined ? {} : { _continue: token }),
      });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.metadata?.name ?? ""));
      token = page.metadata?._continue;
      if (token !== undefined && token !== "") expect(page.metadata?.remainingItemCount).toBeGreaterThan(0);
    } while (token !== undefined && token !== "");
    const all = await c.core.listNamespacedConfigMap({ namespace: ns });
    expect(seen.sort()).toEqual(all.items.map((i) => i.metadata?.name ?? "").sort());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("later pages come from the first page's snapshot: objects created or deleted meanwhile do not change them", async () => {
    const snapNs = await c.namespace("snap");
    const mk = (name: string) =>
      c.core.createNamespacedConfigMap({
        namespace: snapNs,
        body: { metadata: { name, labels: { snap: "1" } } },
      });
    for (const n of ["s1", "s2", "s3", "s4"]) await mk(n);
    const page = (token?: string) =>
      c.core.listNamespacedConfigMap({
        namespace: snapNs,
        labelSelector: "snap=1",
        limit: 2,
        ...(token === undefined ? {} : { _continue: token }),
      });
    const first = await page();
    expect(first.items.map((i) => i.metadata?.name)).toEqual(["s1", "s2"]);
    await c.core.deleteNamespacedConfigMap({ name: "s4", namespace: snapNs });
    await mk("s5");
    const rest = await page(first.metadata?._continue ?? "");
    expect(rest.items.map((i) => i.metadata?.name)).toEqual(["s3", "s4"]);
    expect(rest.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
  });

  it("lists across namespaces", async () => {
    const all = await c.core.listConfigMapForAllNamespaces({ labelSelector: "app=db" });
    expect(all.items.map((i) => `${i.metadata?.namespace}/${i.metadata?.name}`)).toContain(`${ns}/c-db-prod`);
  });
});

describe.runIf(LOCAL)("local-only: list snapshots", () => {
  it("local-only: resourceVersionMatch=Exact lists the state at that resourceVersion", async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "exact-a" }, data: { v: "1" } },
    });
    await c.core.replaceNamespacedConfigMap({
      name: "exact-a",
      namespace: ns,
      body: { ...a, data: { v: "2" } },
    });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "exact-b" } } });
    const then = await c.core.listNamespacedConfigMap({
      namespace: ns,
      resourceVersion: a.metadata?.resourceVersion ?? "",
      resourceVersionMatch: "Exact",
    });
    const exact = then.items.filter((i) => i.metadata?.name?.startsWith("exact-"));
    expect(exact.map((i) => [i.metadata?.name, i.data?.v])).toEqual([["exact-a", "1"]]);
    expect(then.metadata?.resourceVersion).toBe(a.metadata?.resourceVersion);
  });

  it("local-only: a continue token older than the kept history is 410 Expired", async () => {
    const first = await c.core.listNamespacedConfigMap({ namespace: ns, limit: 1 });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "after-token" } } });
    c.local?.faults.expireHistory();
    const { code, status } = await failure(
      c.core.listNamespacedConfigMap({ namespace: ns, limit: 1, _continue: first.metadata?._continue ?? "" }),
    );
    expect(code).toBe(410);
    expect(status).toMatchObject({ reason: "Expired", code: 410 });
  });
});

describe("patch", () => {
  it("JSON merge patch merges maps and deletes keys set to null", async () => {
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "mp" }, data: { a: "1", b: "2" } },
    });
    const out = await c.core.patchNamespacedConfigMap(
      { name: "mp", namespace: ns, body: { data: { b: null, c: "3" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(out.data).toEqual({ a: "1", c: "3" });
  });

  it("JSON patch applies operations in order; a failed test op is 422 and changes nothing", async () => {
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "jp" }, data: { a: "1" } },
    });
    const out = await c.core.patchNamespacedConfigMap(
      {
        name: "jp",
        namespace: ns,
        body: [
          { op: "add", path: "/data/b", value: "2" },
          { op: "replace", path: "/data/a", value: "9" },
          { op: "remove", path: "/data/b" },
        ],
      },
      setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
    );
    expect(out.data).toEqual({ a: "9" });
    const { code } = await failure(
      c.core.patchNamespacedConfigMap(
        {
          name: "jp",
          namespace: ns,
          body: [
            { op: "test", path: "/data/a", value: "1" },
            { op: "replace", path: "/data/a", value: "x" },
          ],
        },
        setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
      ),
    );
    expect(code).toBe(422);
    const after = await c.core.readNamespacedConfigMap({ name: "jp", namespace: ns });
    expect(after.data).toEqual({ a: "9" });
  });

  it("a patch carrying a stale resourceVersion is 409 Conflict", async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "prv" }, data: { a: "1" } },
    });
    await c.core.patchNamespacedConfigMap(
      { name: "prv", namespace: ns, body: { data: { a: "2" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    const { code } = await failure(
      c.core.patchNamespacedConfigMap(
        {
          name: "prv",
          namespace: ns,
          body: { metadata: { resourceVersion: cm.metadata?.resourceVersion }, data: { a: "3" } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(code).toBe(409);
  });

  it("patching a missing object is 404", async () => {
    const { code } = await failure(
      c.core.patchNamespacedConfigMap(
        { name: "nobody", namespace: ns, body: { data: { a: "1" } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(code).toBe(404);
  });

  it("strategic merge patch merges containers by name (keeping the others and their env)", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "smp" },
        spec: {
          containers: [
            { name: "main", image: "busybox:1", env: [{ name: "A", value: "1" }] },
            { name: "side", image: "busybox:1" },
          ],
        },
      },
    });
    const out = await c.core.patchNamespacedPod(
      { name: "smp", namespace: ns, body: { spec: { containers: [{ name: "main", image: "busybox:2" }] } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    const containers = out.spec?.containers ?? [];
    expect(containers.map((x) => `${x.name}=${x.image}`)).toEqual(["main=busybox:2", "side=busybox:1"]);
    expect(containers[0]?.env).toEqual([{ name: "A", value: "1" }]);
  });

  it("pod specs are immutable except images, activeDeadlineSeconds and added tolerations (422 otherwise)", async () => {
    const changedCommand = await failure(
      c.core.patchNamespacedPod(
        { name: "smp", namespace: ns, body: { spec: { containers: [{ name: "main", command: ["sh"] }] } } },
        setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(changedCommand.code).toBe(422);
    expect(changedCommand.status).toMatchObject({
      reason: "Invalid",
      details: { causes: [{ field: "spec" }] },
    });
    const deadline = await c.core.patchNamespacedPod(
      { name: "smp", namespace: ns, body: { spec: { activeDeadlineSeconds: 600 } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(deadline.spec?.activeDeadlineSeconds).toBe(600);
    const longer = await failure(
      c.core.patchNamespacedPod(
        { name: "smp", namespace: ns, body: { spec: { activeDeadlineSeconds: 900 } } },
        setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(longer.code).toBe(422);
    const labelled = await c.core.replaceNamespacedPod({
      name: "smp",
      namespace: ns,
      body: { ...deadline, metadata: { ...deadline.metadata, labels: { touched: "yes" } } },
    });
    expect(labelled.metadata?.labels?.touched).toBe("yes");
  });

  it("strategic merge patch of the pod status merges conditions by type", async () => {
    const status = {
      status: {
        phase: "Running",
        conditions: [
          { type: "Ready", status: "False" },
          { type: "Initialized", status: "True" },
        ],
      },
    };
    await c.core.patchNamespacedPodStatus(
      { name: "smp", namespace: ns, body: status },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    const out = await c.core.patchNamespacedPodStatus(
      { name: "smp", namespace: ns, body: { status: { conditions: [{ type: "Ready", status: "True" }] } } },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    expect(out.status?.phase).toBe("Running");
    const byType = Object.fromEntries((out.status?.conditions ?? []).map((x) => [x.type, x.status]));
    expect(byType).toMatchObject({ Ready: "True", Initialized: "True" });
  });

  it("an unsupported patch content type is 415", async () => {
    const res = await c.raw("PATCH", `/api/v1/namespaces/${ns}/configmaps/mp`, {
      body: "{}",
      contentType: "text/plain",
    });
    expect(res.status).toBe(415);
    expect(res.json()).toMatchObject({ kind: "Status", reason: "UnsupportedMediaType", code: 415 });
  });

  it("status updates through the main resource are ignored, and spec changes through /status too", async () => {
    const pod = await c.core.readNamespacedPod({ name: "smp", namespace: ns });
    const replaced = await c.core.replaceNamespacedPod({
      name: "smp",
      namespace: ns,
      body: { ...pod, status: { ...pod.status, phase: "Failed" } },
    });
    expect(replaced.status?.phase).toBe("Running");
    const viaStatus = await c.core.replaceNamespacedPodStatus({
      name: "smp",
      namespace: ns,
      body: {
        ...replaced,
        metadata: { ...replaced.metadata, labels: { changed: "yes" } },
        status: { ...replaced.status, phase: "Succeeded" },
      },
    });
    expect(viaStatus.status?.phase).toBe("Succeeded");
    expect(viaStatus.metadata?.labels?.changed).toBeUndefined();
  });
});

describe("server-side apply (application/apply-patch+yaml)", () => {
  const apply = (name: string, body: string, manager = "conformance") =>
    c.raw("PATCH", `/api/v1/namespaces/${ns}/configmaps/${name}?fieldManager=${manager}`, {
      body,
      contentType: "application/apply-patch+yaml",
    });

  it("creates the object, and a later apply by the same manager removes the fields it no longer sets", async () => {
    const first = await apply(
      "ssa",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: '1'\n  b: '1'\n",
    );
    expect(first.status).toBe(201);
    const second = await apply(
      "ssa",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: '2'\n",
    );
    expect(second.status).toBe(200);
    expect(second.json().data).toEqual({ a: "2" });
  });

  it("requires a fieldManager", async () => {
    const res = await c.raw("PATCH", `/api/v1/namespaces/${ns}/configmaps/ssa`, {
      body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n",
      contentType: "application/apply-patch+yaml",
    });
    expect(res.status).toBe(422);
  });
});
