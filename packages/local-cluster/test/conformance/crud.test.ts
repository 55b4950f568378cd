/**
 * Object CRUD and Status errors, as the Kubernetes API conventions define them
 * (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, failure, LOCAL, TEST_TIMEOUT } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("crud");
});
afterAll(async () => {
  await c.close();
});

describe("create / get / update / delete", () => {
  it("create returns the stored object with uid, creationTimestamp and resourceVersion", async () => {
    const created = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "cm1", labels: { app: "a" } }, data: { k: "v" } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.namespace).toBe(ns);
    const read = await c.core.readNamespacedConfigMap({ name: "cm1", namespace: ns });
    expect(read.data).toEqual({ k: "v" });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });

  it("a second create with the same name is 409 AlreadyExists", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "dup" } } });
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "dup" } } }),
    );
    expect(code).toBe(409);
    expect(status).toMatchObject({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "AlreadyExists",
      code: 409,
      message: 'configmaps "dup" already exists',
      details: { name: "dup", kind: "configmaps" },
    });
  });

  it("get of a missing object is 404 NotFound naming the resource", async () => {
    const { code, status } = await failure(c.core.readNamespacedConfigMap({ name: "nope", namespace: ns }));
    expect(code).toBe(404);
    expect(status).toMatchObject({
      status: "Failure",
      reason: "NotFound",
      code: 404,
      message: 'configmaps "nope" not found',
      details: { name: "nope", kind: "configmaps" },
    });
  });

  it("a group resource is named resource.group in NotFound", async () => {
    const { status } = await failure(c.coord.readNamespacedLease({ name: "nope", namespace: ns }));
    expect(status).toMatchObject({
      reason: "NotFound",
      message: 'leases.coordination.k8s.io "nope" not found',
      details: { name: "nope", group: "coordination.k8s.io", kind: "leases" },
    });
  });

  it("update with a stale resourceVersion is 409 Conflict; with the current one it succeeds", async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "upd" }, data: { a: "1" } },
    });
    const first = await c.core.replaceNamespacedConfigMap({
      name: "upd",
      namespace: ns,
      body: { ...cm, data: { a: "2" } },
    });
    expect(first.data).toEqual({ a: "2" });
    expect(first.metadata?.resourceVersion).not.toBe(cm.metadata?.resourceVersion);
    const { code, status } = await failure(
      c.core.replaceNamespacedConfigMap({ name: "upd", namespace: ns, body: { ...cm, data: { a: "3" } } }),
    );
    expect(code).toBe(409);
    expect(status).toMatchObject({
      reason: "Conflict",
      details: { name: "upd", kind: "configmaps" },
    });
    expect(String(status.message)).toContain(
      "the object has been modified; please apply your changes to the latest version and try again",
    );
  });

  it("update without resourceVersion is unconditional for configmaps", async () => {
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "uncond" }, data: { a: "1" } },
    });
    const out = await c.core.replaceNamespacedConfigMap({
      name: "uncond",
      namespace: ns,
      body: { metadata: { name: "uncond" }, data: { a: "9" } },
    });
    expect(out.data).toEqual({ a: "9" });
  });

  it("a no-op update keeps the resourceVersion", async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "noop" }, data: { a: "1" } },
    });
    const again = await c.core.replaceNamespacedConfigMap({ name: "noop", namespace: ns, body: cm });
    expect(again.metadata?.resourceVersion).toBe(cm.metadata?.resourceVersion);
  });

  it("update of a missing object is 404", async () => {
    const { code } = await failure(
      c.core.replaceNamespacedConfigMap({
        name: "ghost",
        namespace: ns,
        body: { metadata: { name: "ghost" } },
      }),
    );
    expect(code).toBe(404);
  });

  it("update with a different name in the body is 400 BadRequest", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "named" } } });
    const { code, status } = await failure(
      c.core.replaceNamespacedConfigMap({
        name: "named",
        namespace: ns,
        body: { metadata: { name: "other" } },
      }),
    );
    expect(code).toBe(400);
    expect(status.reason).toBe("BadRequest");
  });

  it("delete of a configmap answers a Success Status and the object is gone", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "del" } } });
    const res = await c.raw("DELETE", `/api/v1/namespaces/${ns}/configmaps/del`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "del", kind: "configmaps" },
    });
    const { code } = await failure(c.core.readNamespacedConfigMap({ name: "del", namespace: ns }));
    expect(code).toBe(404);
    const again = await failure(c.core.deleteNamespacedConfigMap({ name: "del", namespace: ns }));
    expect(again.code).toBe(404);
  });

  it("delete with a uid precondition that does not match is 409 Conflict", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "pre" } } });
    const { code, status } = await failure(
      c.core.deleteNamespacedConfigMap({
        name: "pre",
        namespace: ns,
        body: { preconditions: { uid: "00000000-0000-0000-0000-000000000000" } },
      }),
    );
    expect(code).toBe(409);
    expect(status.reason).toBe("Conflict");
  });

  it("generateName appends a random suffix", async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { generateName: "gen-" } },
    });
    const b = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { generateName: "gen-" } },
    });
    expect(a.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(b.metadata?.name).not.toBe(a.metadata?.name);
  });

  it("secrets fold stringData into base64 data and default their type", async () => {
    const s = await c.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: "s1" }, stringData: { password: "hunter2" } },
    });
    expect(s.type).toBe("Opaque");
    expect(s.data).toEqual({ password: Buffer.from("hunter2").toString("base64") });
    expect(s.stringData).toBeUndefined();
  });

  it("creating in a namespace that does not exist is 404 naming the namespace", async () => {
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({
        namespace: "no-such-namespace-x",
        body: { metadata: { name: "a" } },
      }),
    );
    expect(code).toBe(404);
    expect(status).toMatchObject({
      reason: "NotFound",
      details: { name: "no-such-namespace-x", kind: "namespaces" },
    });
  });

  it("a new namespace is Active, carries the kubernetes finalizer and its name label", async () => {
    const n = await c.core.readNamespace({ name: ns });
    expect(n.status?.phase).toBe("Active");
    expect(n.spec?.finalizers).toEqual(["kubernetes"]);
    expect(n.metadata?.labels?.["kubernetes.io/metadata.name"]).toBe(ns);
  });
});

describe("validation and bad input", () => {
  it("an invalid name is 422 Invalid with a FieldValueInvalid cause on metadata.name", async () => {
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "Bad_Name" } } }),
    );
    expect(code).toBe(422);
    expect(status).toMatchObject({
      reason: "Invalid",
      details: {
        name: "Bad_Name",
        kind: "ConfigMap",
        causes: [{ reason: "FieldValueInvalid", field: "metadata.name" }],
      },
    });
    expect(String(status.message)).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it("a missing name is 422 with a FieldValueRequired cause", async () => {
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: {} } }),
    );
    expect(code).toBe(422);
    expect(status.details?.causes?.[0]).toMatchObject({
      reason: "FieldValueRequired",
      field: "metadata.name",
    });
  });

  it("an invalid label value is 422", async () => {
    const { code } = await failure(
      c.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: "lbl", labels: { a: "not valid!" } } },
      }),
    );
    expect(code).toBe(422);
  });

  it("a pod without containers is 422 with spec.containers Required", async () => {
    const { code, status } = await failure(
      c.core.createNamespacedPod({
        namespace: ns,
        body: { metadata: { name: "p" }, spec: { containers: [] } },
      }),
    );
    expect(code).toBe(422);
    expect(status.details?.causes).toContainEqual(
      expect.objectContaining({ reason: "FieldValueRequired", field: "spec.containers" }),
    );
  });

  it("malformed JSON is 400 BadRequest and the server keeps serving", async () => {
    const res = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: '{"metadata": {"name": "x"',
      contentType: "application/json",
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ kind: "Status", status: "Failure", reason: "BadRequest", code: 400 });
    const ok = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`);
    expect(ok.status).toBe(200);
  });

  it("malformed YAML is 400 BadRequest", async () => {
    const res = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: "metadata:\n  name: [unclosed\n",
      contentType: "application/yaml",
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ reason: "BadRequest" });
  });

  it("a YAML body creates the object", async () => {
    const res = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n",
      contentType: "application/yaml",
    });
    expect(res.status).toBe(201);
    expect(res.json()).toMatchObject({ metadata: { name: "from-yaml" }, data: { k: "v" } });
  });

  it("an unknown resource is 404 NotFound", async () => {
    const res = await c.raw("GET", `/api/v1/namespaces/${ns}/widgets`);
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    const group = await c.raw("GET", "/apis/nonexistent.example.com/v1/things");
    expect(group.status).toBe(404);
  });

  it("a configmap over 1 MiB of data is 422 Invalid", async () => {
    const { code, status } = await failure(
      c.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: "big" }, data: { k: "x".repeat(1100 * 1024) } },
      }),
    );
    expect(code).toBe(422);
    expect(status.reason).toBe("Invalid");
  });

  it("a request body over 3 MiB is 413 RequestEntityTooLarge", async () => {
    const body = JSON.stringify({
      metadata: { name: "huge" },
      data: { k: "x".repeat(3 * 1024 * 1024 + 10) },
    });
    const res = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      body,
      contentType: "application/json",
    });
    expect(res.status).toBe(413);
    const ok = await c.raw("GET", "/api/v1/namespaces/default");
    expect(ok.status).toBe(200);
  });

  it("unknown fields warn by default and are rejected with fieldValidation=Strict", async () => {
    const body = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "unk" }, bogus: 1 });
    const strict = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Strict`, {
      body,
      contentType: "application/json",
    });
    expect(strict.status).toBe(400);
    expect(strict.json()).toMatchObject({ reason: "BadRequest" });
    expect(String(strict.json().message)).toContain('unknown field "bogus"');
    const warn = await c.raw("POST", `/api/v1/namespaces/${ns}/configmaps?fieldValidation=Warn`, {
      body,
      contentType: "application/json",
    });
    expect(warn.status).toBe(201);
    expect(String(warn.headers.warning)).toContain('unknown field \\"bogus\\"');
    expect(warn.json().bogus).toBeUndefined();
  });

  it("a request without credentials is rejected as unauthenticated", async () => {
    const res = await c.raw("GET", `/api/v1/namespaces/${ns}/configmaps`, { anonymous: true });
    if (LOCAL) {
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    } else {
      expect([401, 403]).toContain(res.status);
    }
  });

  it("a wrong token is 401 on every path", async () => {
    for (const path of ["/api", "/apis", "/version", `/api/v1/namespaces/${ns}/pods`]) {
      const res = await c.raw("GET", path, {
        anonymous: true,
        headers: { authorization: "Bearer wrong-token" },
      });
      expect(res.status).toBe(401);
    }
  });
});

describe.runIf(LOCAL)("local-only: resourceVersion counter", () => {
  it("local-only: every write takes the next value of one monotonic counter across resources", async () => {
    const a = await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "rv-a" } } });
    const b = await c.core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: "rv-b" } } });
    const ra = Number(a.metadata?.resourceVersion);
    const rb = Number(b.metadata?.resourceVersion);
    expect(rb).toBeGreaterThan(ra);
    expect(c.local?.resourceVersion()).toBeGreaterThanOrEqual(rb);
  });
});
