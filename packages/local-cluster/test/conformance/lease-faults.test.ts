/** Leases for leader election, discovery, and (local-only) fault injection and data-dir persistence. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, Health, KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startApiServer } from "../../src/index.ts";
import { type Cluster, connect, failure, LOCAL, TEST_TIMEOUT, waitFor } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("lease");
});
afterAll(async () => {
  await c.close();
});

describe("coordination.k8s.io/v1 Lease", () => {
  it("two candidates racing on one resourceVersion: exactly one update wins, the other is 409 Conflict", async () => {
    const now = new Date();
    const lease: V1Lease = {
      metadata: { name: "leader" },
      spec: {
        holderIdentity: "a",
        leaseDurationSeconds: 15,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: 0,
      },
    };
    const created = await c.coord.createNamespacedLease({ namespace: ns, body: lease });
    const takeover = (holder: string) =>
      c.coord.replaceNamespacedLease({
        name: "leader",
        namespace: ns,
        body: { ...created, spec: { ...created.spec, holderIdentity: holder, leaseTransitions: 1 } },
      });
    const results = await Promise.allSettled([takeover("b"), takeover("c")]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason.code).toBe(409);
    const current = await c.coord.readNamespacedLease({ name: "leader", namespace: ns });
    expect(["b", "c"]).toContain(current.spec?.holderIdentity);
    expect(current.spec?.leaseTransitions).toBe(1);
    expect(current.spec?.renewTime).toBeDefined();
  });

  it("a lease can be created through PUT (create on update)", async () => {
    const out = await c.coord.replaceNamespacedLease({
      name: "put-created",
      namespace: ns,
      body: { metadata: { name: "put-created" }, spec: { holderIdentity: "x" } },
    });
    expect(out.spec?.holderIdentity).toBe("x");
  });
});

describe("service account tokens (TokenRequest)", () => {
  it("issues a token for an existing service account that then authenticates requests", async () => {
    await c.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: "runner" } } });
    const res = await c.core.createNamespacedServiceAccountToken({
      name: "runner",
      namespace: ns,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const token = res.status?.token ?? "";
    expect(token.split(".")).toHaveLength(3);
    expect(res.status?.expirationTimestamp).toBeInstanceOf(Date);
    const asRunner = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`, {
      anonymous: true,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asRunner.status).not.toBe(401);
    const forged = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`, {
      anonymous: true,
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);
    const missing = await failure(
      c.core.createNamespacedServiceAccountToken({
        name: "nobody",
        namespace: ns,
        body: { spec: { audiences: [] } },
      }),
    );
    expect(missing.code).toBe(404);
  });
});

describe("discovery", () => {
  it("/api lists v1 and /api/v1 lists the built-in resources with short names and subresources", async () => {
    const api = await c.raw("GET", "/api");
    expect(api.json()).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const v1 = await c.raw("GET", "/api/v1");
    const body = v1.json() as {
      kind: string;
      groupVersion: string;
      resources: { name: string; shortNames?: string[]; namespaced: boolean; verbs: string[] }[];
    };
    expect(body).toMatchObject({ kind: "APIResourceList", groupVersion: "v1" });
    const byName = new Map(body.resources.map((r) => [r.name, r]));
    expect(byName.get("pods")?.shortNames).toContain("po");
    expect(byName.get("configmaps")?.shortNames).toContain("cm");
    expect(byName.get("namespaces")?.namespaced).toBe(false);
    expect(byName.get("pods")?.verbs).toEqual(
      expect.arrayContaining(["create", "delete", "get", "list", "patch", "update", "watch"]),
    );
    for (const sub of ["pods/status", "pods/log", "pods/binding"]) expect(byName.has(sub)).toBe(true);
  });

  it("/apis lists the coordination and apiextensions groups with a preferred version", async () => {
    const apis = await c.raw("GET", "/apis");
    const groups =
      (apis.json().groups as { name: string; preferredVersion: { groupVersion: string } }[]) ?? [];
    const byName = new Map(groups.map((g) => [g.name, g]));
    expect(byName.get("coordination.k8s.io")?.preferredVersion.groupVersion).toBe("coordination.k8s.io/v1");
    expect(byName.get("apiextensions.k8s.io")?.preferredVersion.groupVersion).toBe("apiextensions.k8s.io/v1");
    const leases = await c.raw("GET", "/apis/coordination.k8s.io/v1");
    expect((leases.json().resources as { name: string }[]).map((r) => r.name)).toContain("leases");
  });

  it("/healthz, /livez and /readyz answer ok, and client-node's Health agrees", async () => {
    for (const path of ["/healthz", "/livez", "/readyz"]) {
      const r = await c.raw("GET", path);
      expect([r.status, r.text]).toEqual([200, "ok"]);
    }
    const health = new Health(c.kc);
    expect(await health.readyz({})).toBe(true);
    expect(await health.livez({})).toBe(true);
  });

  it("/version answers major and minor", async () => {
    const v = await c.raw("GET", "/version");
    expect(v.json()).toMatchObject({
      major: expect.any(String),
      minor: expect.any(String),
      gitVersion: expect.stringMatching(/^v1\./),
    });
  });
});

describe.runIf(LOCAL)("local-only: fault injection", () => {
  it("local-only: fails the next N matching requests with a Status body; others are served", async () => {
    const faults = c.local?.faults;
    if (faults === undefined) throw new Error("no local server");
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "target" } } });
    const handle = faults.failNext(2, { verb: "get", resource: "configmaps", name: "target" }, 503);
    const first = await failure(c.core.readNamespacedConfigMap({ name: "target", namespace: ns }));
    expect(first.code).toBe(503);
    expect(first.status).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "ServiceUnavailable",
      code: 503,
    });
    const unrelated = await c.core.listNamespacedConfigMap({ namespace: ns });
    expect(unrelated.items.length).toBeGreaterThan(0);
    const second = await failure(c.core.readNamespacedConfigMap({ name: "target", namespace: ns }));
    expect(second.code).toBe(503);
    const third = await c.core.readNamespacedConfigMap({ name: "target", namespace: ns });
    expect(third.metadata?.name).toBe("target");
    expect(handle.hits).toBe(2);
    expect(handle.remaining).toBe(0);
  });

  it("local-only: 429 carries Retry-After and details.retryAfterSeconds", async () => {
    c.local?.faults.failNext(1, { verb: "list", resource: "configmaps" }, 429, { retryAfterSeconds: 3 });
    const res = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`);
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("3");
    expect(res.json()).toMatchObject({
      reason: "TooManyRequests",
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
  });

  it("local-only: 500 InternalError for writes of one resource", async () => {
    c.local?.faults.failNext(1, { verb: "create", resource: "configmaps" }, 500);
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "x500" } } }),
    );
    expect(code).toBe(500);
    expect(status.reason).toBe("InternalError");
    const ok = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "x500" } },
    });
    expect(ok.metadata?.name).toBe("x500");
  });

  it("local-only: matches subresources separately (pods/status)", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "fp" }, spec: { containers: [{ name: "c", image: "i" }] } },
    });
    c.local?.faults.failNext(1, { verb: "update", resource: "pods/status" }, 409, { reason: "Conflict" });
    const pod = await c.core.readNamespacedPod({ name: "fp", namespace: ns });
    const { code } = await failure(
      c.core.replaceNamespacedPodStatus({ name: "fp", namespace: ns, body: pod }),
    );
    expect(code).toBe(409);
    const viaMain = await c.core.replaceNamespacedPod({ name: "fp", namespace: ns, body: pod });
    expect(viaMain.metadata?.name).toBe("fp");
  });

  it("local-only: resets the TCP connection of a matching request", async () => {
    c.local?.faults.resetNext(1, { verb: "get", resource: "namespaces" });
    await expect(c.raw("GET", `/api/v1/namespaces/${ns}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    const ok = await c.raw("GET", `/api/v1/namespaces/${ns}`);
    expect(ok.status).toBe(200);
  });

  it("local-only: delays a matching request", async () => {
    c.local?.faults.delayNext(1, { verb: "get", resource: "namespaces" }, 150);
    const start = performance.now();
    const res = await c.raw("GET", `/api/v1/namespaces/${ns}`);
    expect(res.status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });

  it("local-only: a 410 on a watch arrives as an ERROR event", async () => {
    c.local?.faults.failNext(1, { verb: "watch", resource: "configmaps" }, 410);
    const s = await c.stream(`/api/v1/namespaces/${ns}/configmaps?watch=true`);
    await waitFor(() => s.ended, 5000, "stream end");
    expect(s.status).toBe(200);
    expect(s.lines).toEqual([
      { type: "ERROR", object: expect.objectContaining({ kind: "Status", code: 410, reason: "Expired" }) },
    ]);
  });

  it("local-only: cutWatch serves the next watch and drops its stream after afterMs; the informer reconnects", async () => {
    const faults = c.local?.faults;
    if (faults === undefined) throw new Error("no local server");
    const handle = faults.inject({
      verb: "watch",
      resource: "configmaps",
      namespace: ns,
      action: { type: "cutWatch", afterMs: 50, mode: "end" },
    });
    const s = await c.stream(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`);
    await waitFor(() => s.ended, 5000, "cut stream");
    expect(s.status).toBe(200);
    expect(handle.hits).toBe(1);
    const next = await c.stream(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1`,
    );
    await waitFor(() => next.lines.length > 0, 5000, "uncut stream events");
    expect(next.ended).toBe(false);
    next.close();
  });

  it("local-only: rejects nonsense rules with a message naming the field", () => {
    expect(() => c.local?.faults.inject({ action: { type: "status", code: 200 } })).toThrow(/action\.code/);
    expect(() => c.local?.faults.inject({ times: 0, action: { type: "reset" } })).toThrow(/times/);
  });
});

describe.runIf(LOCAL)("local-only: data directory", () => {
  it("local-only: a restarted server keeps its objects, CRD-served resources and resourceVersion counter", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "lc-data-"));
    const first = await startApiServer({ dataDir, tls: false });
    const kc = new KubeConfig();
    kc.loadFromFile(first.kubeconfigPath);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "kept" }, data: { a: "1" } },
    });
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "dropped" } } });
    await core.deleteNamespacedConfigMap({ name: "dropped", namespace: "default" });
    const crdRes = await fetch(`${first.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
      method: "POST",
      headers: { authorization: `Bearer ${first.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        metadata: { name: "things.persist.example.com" },
        spec: {
          group: "persist.example.com",
          scope: "Namespaced",
          names: { plural: "things", kind: "Thing" },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          ],
        },
      }),
    });
    expect(crdRes.status).toBe(201);
    const thing = await fetch(`${first.url}/apis/persist.example.com/v1/namespaces/default/things`, {
      method: "POST",
      headers: { authorization: `Bearer ${first.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        apiVersion: "persist.example.com/v1",
        kind: "Thing",
        metadata: { name: "t1" },
        spec: { n: 1 },
      }),
    });
    expect(thing.status).toBe(201);
    const rvBefore = first.resourceVersion();
    await first.close();

    const second = await startApiServer({ dataDir, token: "fixed-token", tls: false });
    try {
      const kc2 = new KubeConfig();
      kc2.loadFromFile(second.kubeconfigPath);
      const core2 = kc2.makeApiClient(CoreV1Api);
      const kept = await core2.readNamespacedConfigMap({ name: "kept", namespace: "default" });
      expect(kept.data).toEqual({ a: "1" });
      const dropped = await failure(core2.readNamespacedConfigMap({ name: "dropped", namespace: "default" }));
      expect(dropped.code).toBe(404);
      const t1 = await fetch(`${second.url}/apis/persist.example.com/v1/namespaces/default/things/t1`, {
        headers: { authorization: "Bearer fixed-token" },
      });
      expect(await t1.json()).toMatchObject({ spec: { n: 1 } });
      const next = await core2.createNamespacedConfigMap({
        namespace: "default",
        body: { metadata: { name: "after" } },
      });
      expect(Number(next.metadata?.resourceVersion)).toBeGreaterThan(rvBefore);
    } finally {
      await second.close();
    }
  });
});
