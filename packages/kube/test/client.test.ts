import { isTransient } from "@weft/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  isNotFound,
  KubeApiError,
  NotFoundError,
  type RequestInfo,
  toKubeApiError,
  type Workflow,
} from "../src/index.ts";
import { LOCAL, type TestCluster, testCluster, waitFor } from "./support/cluster.ts";

let cluster: TestCluster;
let ns: string;

beforeAll(async () => {
  cluster = await testCluster();
  ns = await cluster.namespace("client");
});
afterAll(() => cluster.close());

const wf = (name: string): Workflow => ({
  metadata: { name, namespace: ns },
  spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
});

describe("typed resource clients over real HTTP", () => {
  it("create / get / list / update / updateStatus / patch / patchStatus / delete a Workflow", async () => {
    const client = cluster.client();
    const created = await client.workflows.create(wf("crud"));
    expect(created.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(created.kind).toBe("Workflow");
    expect(created.metadata.uid).toBeTruthy();
    const got = await client.workflows.get(ns, "crud");
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    const listed = await client.workflows.list(ns);
    expect(listed.items.map((w) => w.metadata.name)).toEqual(["crud"]);

    const updated = await client.workflows.update({
      ...got,
      metadata: { ...got.metadata, labels: { a: "1" } },
    });
    expect(updated.metadata.labels).toEqual({ a: "1" });
    const withStatus = await client.workflows.updateStatus({ ...updated, status: { phase: "Running" } });
    expect(withStatus.status).toEqual({ phase: "Running" });
    const patched = await client.workflows.patch(ns, "crud", { metadata: { labels: { b: "2" } } });
    expect(patched.metadata.labels).toEqual({ a: "1", b: "2" });
    const statusPatched = await client.workflows.patchStatus(ns, "crud", { message: "hi" });
    expect(statusPatched.status).toEqual({ phase: "Running", message: "hi" });

    await client.workflows.delete(ns, "crud");
    await expect(client.workflows.get(ns, "crud")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("every Argo kind and the core kinds have a typed client with the right apiVersion and kind", async () => {
    const client = cluster.client();
    const cases = [
      [client.workflows, "argoproj.io/v1alpha1", "Workflow"],
      [client.cronWorkflows, "argoproj.io/v1alpha1", "CronWorkflow"],
      [client.workflowTemplates, "argoproj.io/v1alpha1", "WorkflowTemplate"],
      [client.workflowTaskResults, "argoproj.io/v1alpha1", "WorkflowTaskResult"],
      [client.leases, "coordination.k8s.io/v1", "Lease"],
    ] as const;
    for (const [resource, apiVersion, kind] of cases) {
      const created = await resource.create({ metadata: { name: "typed", namespace: ns } });
      expect([created.apiVersion, created.kind]).toEqual([apiVersion, kind]);
      expect((await resource.list(ns)).items.map((o) => o.metadata.name)).toContain("typed");
      await resource.delete(ns, "typed");
      await expect(resource.get(ns, "typed")).rejects.toBeInstanceOf(NotFoundError);
    }
    const pod = await client.pods.create({
      metadata: { name: "typed", namespace: ns },
      spec: { containers: [{ name: "main", image: "busybox" }] },
    });
    expect([pod.apiVersion, pod.kind]).toEqual(["v1", "Pod"]);
    const ev = await client.events.create({
      metadata: { name: "typed.1", namespace: ns },
      involvedObject: { kind: "Pod", name: "typed", namespace: ns },
      reason: "Test",
      message: "m",
      type: "Normal",
    });
    expect([ev.apiVersion, ev.kind]).toEqual(["v1", "Event"]);
  });

  it("failures are typed: NotFound, AlreadyExists, Conflict, Invalid", async () => {
    const client = cluster.client();
    const missing = await client.pods.get(ns, "nope").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).code).toBe(404);
    expect((missing as NotFoundError).transient).toBe(false);

    const first = await client.workflows.create(wf("dup"));
    const dup = await client.workflows.create(wf("dup")).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(AlreadyExistsError);
    expect((dup as AlreadyExistsError).reason).toBe("AlreadyExists");

    await client.workflows.update({ ...first, metadata: { ...first.metadata, labels: { x: "1" } } });
    const stale = await client.workflows
      .update({ ...first, metadata: { ...first.metadata, labels: { x: "2" } } })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).message).toContain("the object has been modified");

    const invalid = await client.pods
      .create({ metadata: { name: "Not_A_Valid_Name", namespace: ns }, spec: { containers: [] } })
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidError);
    expect((invalid as InvalidError).code).toBe(422);
  });

  it("request hooks see every request with its verb, kind and status code", async () => {
    const seen: RequestInfo[] = [];
    const client = cluster.client({ onRequest: (info) => seen.push(info) });
    await client.workflows.create(wf("hooked"));
    await client.workflows.get(ns, "hooked");
    await client.workflows.get(ns, "absent").catch(() => undefined);
    await client.workflows.list(ns);
    await client.workflows.patchStatus(ns, "hooked", { phase: "Pending" });
    await client.workflows.delete(ns, "hooked");
    expect(seen.map((i) => [i.verb, i.kind, i.statusCode])).toEqual([
      ["create", "workflows", 201],
      ["get", "workflows", 200],
      ["get", "workflows", 404],
      ["list", "workflows", 200],
      ["patch", "workflows/status", 200],
      ["delete", "workflows", 200],
    ]);
    for (const info of seen) expect(info.durationMs).toBeGreaterThanOrEqual(0);
  });

  it.runIf(LOCAL)(
    "local-only: hooks see injected 429/500/503 and connection resets (status 0); 429 is transient",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const seen: RequestInfo[] = [];
      const client = cluster.client({ onRequest: (info) => seen.push(info) });
      server.faults.failNext(1, { verb: "get", resource: "pods" }, 429, { retryAfterSeconds: 2 });
      server.faults.failNext(1, { verb: "get", resource: "pods" }, 500);
      server.faults.failNext(1, { verb: "get", resource: "pods" }, 503);
      server.faults.resetNext(1, { verb: "get", resource: "pods" });
      server.faults.failNext(1, { verb: "get", resource: "pods" }, 410);
      const errors: unknown[] = [];
      for (let i = 0; i < 5; i++) errors.push(await client.pods.get(ns, "p").catch((e: unknown) => e));
      expect(seen.map((i) => i.statusCode)).toEqual([429, 500, 503, 0, 410]);
      const [tooMany, internal, unavailable, reset, gone] = errors as [
        KubeApiError,
        KubeApiError,
        KubeApiError,
        Error,
        Error,
      ];
      expect(gone).toBeInstanceOf(GoneError);
      expect(tooMany).toBeInstanceOf(KubeApiError);
      expect(tooMany.transient).toBe(true);
      expect(tooMany.retryAfterMs).toBe(2000);
      expect(internal.transient).toBe(false);
      expect(unavailable.transient).toBe(true);
      expect(reset).not.toBeInstanceOf(KubeApiError);
      expect(seen[3]?.error).toBe(reset);
    },
  );
});

describe("transport", () => {
  it("reuses connections (client-node 2.0.1 alone opens a new pool per request)", async () => {
    const client = cluster.client();
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
    await client.pods.list(ns);
    const before = sockets();
    for (let i = 0; i < 200; i++) await client.pods.list(ns);
    expect(sockets() - before).toBeLessThan(5);
  });

  it("the client-side rate limiter spaces requests and the hook reports the wait", async () => {
    const seen: RequestInfo[] = [];
    const client = cluster.client({ qps: 50, burst: 2, onRequest: (i) => seen.push(i) });
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => client.pods.list(ns)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    expect(seen.filter((i) => i.rateLimitWaitMs === 0)).toHaveLength(2);
    const longest = Math.max(...seen.map((i) => i.rateLimitWaitMs));
    expect(longest).toBeGreaterThan(70); // 4 x 20 ms after the burst of 2, less the time between the calls
    expect(longest).toBeLessThanOrEqual(80);
  });

  it("client-node's ApiException decodes into the same typed errors", async () => {
    const { CoreV1Api, KubeConfig } = await import("@kubernetes/client-node");
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const err = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedPod({ name: "nope", namespace: ns })
      .catch((e: unknown) => e);
    const typed = toKubeApiError(err);
    expect(typed).toBeInstanceOf(NotFoundError);
    expect(typed?.message).toBe('pods "nope" not found');
    expect(isNotFound(err)).toBe(true);
    expect(toKubeApiError(new Error("plain"))).toBeUndefined();
  });
});

describe("timeouts", () => {
  it.runIf(LOCAL)(
    "local-only: a request that gets no answer within requestTimeoutMs fails with a transient timeout",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const seen: RequestInfo[] = [];
      const client = cluster.client({ requestTimeoutMs: 100, onRequest: (i) => seen.push(i) });
      server.faults.delayNext(1, { verb: "get", resource: "pods", namespace: ns }, 2_000);
      const err = await client.pods.get(ns, "slow").catch((e: unknown) => e);
      expect(isTransient(err)).toBe(true);
      expect(seen.map((i) => i.statusCode)).toEqual([0]);
    },
  );
});

describe("listAll and watch", () => {
  it("listAll follows continue tokens; watch streams events from a resourceVersion", async () => {
    const seen: RequestInfo[] = [];
    const client = cluster.client({ onRequest: (i) => seen.push(i) });
    const pagedNs = await cluster.namespace("paged");
    for (let i = 0; i < 5; i++)
      await client.workflows.create({ metadata: { name: `w${i}`, namespace: pagedNs }, spec: {} });
    seen.length = 0;
    const all = await client.workflows.listAll(pagedNs, { limit: 2 });
    expect(all.items.map((w) => w.metadata.name)).toEqual(["w0", "w1", "w2", "w3", "w4"]);
    expect(seen.map((i) => i.verb)).toEqual(["list", "list", "list"]);

    const events: string[] = [];
    const ctl = new AbortController();
    const done = client.workflows
      .watch(
        { namespace: pagedNs, resourceVersion: all.metadata.resourceVersion ?? "", signal: ctl.signal },
        (ev) => events.push(`${ev.type} ${(ev.object.metadata as { name: string }).name}`),
      )
      .catch((e: unknown) => e);
    await client.workflows.delete(pagedNs, "w0");
    await waitFor(() => events.length === 1, "the delete event");
    ctl.abort(new Error("done"));
    expect(events).toEqual(["DELETED w0"]);
    expect(seen.filter((i) => i.verb === "watch").map((i) => [i.kind, i.statusCode])).toEqual([
      ["workflows", 200],
    ]);
    expect(await done).toBeInstanceOf(Error);
  });
});
