/** CustomResourceDefinitions: dynamic serving, status subresource, schema validation, scope, deletion, Argo kinds. */
import {
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, failure, LOCAL, TEST_TIMEOUT, waitFor } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

const SLOW = LOCAL ? 5000 : 60_000;
const suffix = Math.random().toString(36).slice(2, 7);
const GROUP = `conformance-${suffix}.weft.example.com`;

let c: Cluster;
let ns: string;
const installed: string[] = [];

function crd(plural: string, kind: string, scope: "Namespaced" | "Cluster", schema: object, status = true) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      scope,
      names: {
        plural,
        singular: kind.toLowerCase(),
        kind,
        listKind: `${kind}List`,
        shortNames: [`${plural.slice(0, 3)}x`],
      },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: schema },
          ...(status ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

/** Argo's CRDs as shipped in its "minimal" manifests: spec and status are objects that keep unknown fields. */
const ARGO_GROUP = "argoproj.io";
const ARGO_KINDS = [
  ["workflows", "Workflow", ["wf"]],
  ["cronworkflows", "CronWorkflow", ["cwf", "cronwf"]],
  ["workflowtemplates", "WorkflowTemplate", ["wftmpl"]],
  ["workflowtaskresults", "WorkflowTaskResult", []],
] as const;

function argoCrd(plural: string, kind: string, shortNames: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${ARGO_GROUP}` },
    spec: {
      group: ARGO_GROUP,
      scope: "Namespaced",
      names: {
        plural,
        singular: kind.toLowerCase(),
        kind,
        listKind: `${kind}List`,
        shortNames: [...shortNames],
      },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              required: kind === "WorkflowTaskResult" ? [] : ["metadata", "spec"],
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
              ...(kind === "WorkflowTaskResult" ? { "x-kubernetes-preserve-unknown-fields": true } : {}),
            },
          },
          ...(kind === "Workflow" ? { subresources: {} } : {}),
        },
      ],
    },
  };
}

async function install(def: { metadata: { name: string } } | Record<string, unknown>): Promise<void> {
  const name = String((def.metadata as { name: string }).name);
  // Raw JSON, as kubectl sends it: client-node's typed model would rename the x-kubernetes-* and enum keys.
  const res = await c.raw("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
    body: JSON.stringify(def),
    contentType: "application/json",
  });
  if (res.status === 201) installed.push(name);
  else if (res.status !== 409) throw new Error(`CRD ${name} not created: ${res.status} ${res.text}`);
  await waitFor(
    async () => {
      const got = await c.ext.readCustomResourceDefinition({ name });
      return got.status?.conditions?.some((x) => x.type === "Established" && x.status === "True");
    },
    SLOW,
    `${name} Established`,
  );
}

const widgetSchema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["size"],
      properties: {
        size: { type: "integer", minimum: 1 },
        color: { type: "string", enum: ["red", "blue"] },
        tags: { type: "array", items: { type: "string" } },
        extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
    },
    status: { type: "object", properties: { phase: { type: "string" } } },
  },
};

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("crd");
  await install(crd("widgets", "Widget", "Namespaced", widgetSchema));
  await install(
    crd(
      "clusterthings",
      "ClusterThing",
      "Cluster",
      { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      false,
    ),
  );
  for (const [plural, kind, short] of ARGO_KINDS) await install(argoCrd(plural, kind, short));
}, 120_000);

afterAll(async () => {
  for (const name of installed.filter((n) => !n.endsWith(ARGO_GROUP))) {
    try {
      await c.ext.deleteCustomResourceDefinition({ name });
    } catch {
      // already gone
    }
  }
  await c.close();
});

const widget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: `${GROUP}/v1`,
  kind: "Widget",
  metadata: { name },
  spec,
});

describe("custom resources", () => {
  it("an established CRD reports NamesAccepted and Established and is discoverable", async () => {
    const got = await c.ext.readCustomResourceDefinition({ name: `widgets.${GROUP}` });
    const types = (got.status?.conditions ?? []).filter((x) => x.status === "True").map((x) => x.type);
    expect(types).toEqual(expect.arrayContaining(["NamesAccepted", "Established"]));
    expect(got.status?.acceptedNames?.kind).toBe("Widget");
    const disc = await c.raw("GET", `/apis/${GROUP}/v1`);
    expect(disc.status).toBe(200);
    const resources =
      (disc.json().resources as {
        name: string;
        namespaced: boolean;
        kind: string;
        shortNames?: string[];
      }[]) ?? [];
    expect(resources.find((r) => r.name === "widgets")).toMatchObject({
      namespaced: true,
      kind: "Widget",
      shortNames: ["widx"],
    });
    expect(resources.map((r) => r.name)).toContain("widgets/status");
    const groups = await c.raw("GET", "/apis");
    expect((groups.json().groups as { name: string }[]).map((g) => g.name)).toContain(GROUP);
  });

  it("creates, reads, lists and deletes custom objects; create sets generation 1", async () => {
    const created = (await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: widget("w1", { size: 3, color: "red" }),
    })) as { metadata: { uid: string; generation: number; resourceVersion: string } };
    expect(created.metadata.generation).toBe(1);
    const read = (await c.custom.getNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      name: "w1",
    })) as {
      apiVersion: string;
      kind: string;
      spec: unknown;
    };
    expect(read).toMatchObject({
      apiVersion: `${GROUP}/v1`,
      kind: "Widget",
      spec: { size: 3, color: "red" },
    });
    const list = (await c.custom.listNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
    })) as {
      kind: string;
      items: { kind: string; metadata: { name: string } }[];
    };
    expect(list.kind).toBe("WidgetList");
    expect(list.items.map((i) => i.metadata.name)).toContain("w1");
    expect(list.items[0]?.kind).toBe("Widget");
    const dup = await failure(
      c.custom.createNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        body: widget("w1", { size: 1 }),
      }),
    );
    expect(dup.code).toBe(409);
    expect(dup.status).toMatchObject({
      reason: "AlreadyExists",
      details: { name: "w1", group: GROUP, kind: "widgets" },
    });
  });

  it("spec changes bump generation; status changes go through /status only and do not", async () => {
    await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: widget("gen", { size: 1 }),
    });
    const patched = (await c.custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        name: "gen",
        body: { spec: { size: 2 }, status: { phase: "Ignored" } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { metadata: { generation: number }; status?: unknown };
    expect(patched.metadata.generation).toBe(2);
    expect(patched.status).toBeUndefined();
    const withStatus = (await c.custom.patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        name: "gen",
        body: { status: { phase: "Ready" }, spec: { size: 99 } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { metadata: { generation: number }; status: { phase: string }; spec: { size: number } };
    expect(withStatus.status.phase).toBe("Ready");
    expect(withStatus.spec.size).toBe(2);
    expect(withStatus.metadata.generation).toBe(2);
  });

  it("schema violations are 422 Invalid with field paths", async () => {
    const wrongType = await failure(
      c.custom.createNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        body: widget("bad1", { size: "big" }),
      }),
    );
    expect(wrongType.code).toBe(422);
    expect(wrongType.status).toMatchObject({
      reason: "Invalid",
      details: { name: "bad1", group: GROUP, kind: "Widget" },
    });
    expect(wrongType.status.details?.causes?.[0]?.field).toBe("spec.size");
    const missing = await failure(
      c.custom.createNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        body: widget("bad2", { color: "red" }),
      }),
    );
    expect(missing.code).toBe(422);
    expect(missing.status.details?.causes).toContainEqual(
      expect.objectContaining({ reason: "FieldValueRequired", field: "spec.size" }),
    );
    const notInEnum = await failure(
      c.custom.createNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        body: widget("bad3", { size: 1, color: "green" }),
      }),
    );
    expect(notInEnum.code).toBe(422);
    expect(notInEnum.status.details?.causes?.[0]).toMatchObject({
      reason: "FieldValueNotSupported",
      field: "spec.color",
    });
    const belowMin = await failure(
      c.custom.createNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        body: widget("bad4", { size: 0 }),
      }),
    );
    expect(belowMin.code).toBe(422);
  });

  it("unknown fields are pruned (kept under x-kubernetes-preserve-unknown-fields), Strict rejects them with 400", async () => {
    const out = (await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: widget("prune", { size: 1, bogus: true, extra: { anything: { goes: 1 } } }),
    })) as { spec: Record<string, unknown> };
    expect(out.spec.bogus).toBeUndefined();
    expect(out.spec.extra).toEqual({ anything: { goes: 1 } });
    const res = await c.raw("POST", `/apis/${GROUP}/v1/namespaces/${ns}/widgets?fieldValidation=Strict`, {
      body: JSON.stringify(widget("strict", { size: 1, bogus: true })),
      contentType: "application/json",
    });
    expect(res.status).toBe(400);
    expect(String(res.json().message)).toContain('unknown field "spec.bogus"');
  });

  it("PUT without metadata.resourceVersion is 422 for custom resources; with a stale one 409", async () => {
    const cur = (await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: widget("put", { size: 1 }),
    })) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
    const noRv = await failure(
      c.custom.replaceNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        name: "put",
        body: widget("put", { size: 2 }),
      }),
    );
    expect(noRv.code).toBe(422);
    await c.custom.replaceNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      name: "put",
      body: { ...widget("put", { size: 2 }), metadata: cur.metadata },
    });
    const stale = await failure(
      c.custom.replaceNamespacedCustomObject({
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        name: "put",
        body: { ...widget("put", { size: 3 }), metadata: cur.metadata },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status.reason).toBe("Conflict");
  });

  it("an object over etcd's 1.5 MiB limit is refused with a 500 and the server keeps serving", async () => {
    const big = JSON.stringify(widget("big", { size: 1, extra: { blob: "x".repeat(2 * 1024 * 1024) } }));
    const res = await c.raw("POST", `/apis/${GROUP}/v1/namespaces/${ns}/widgets`, {
      body: big,
      contentType: "application/json",
    });
    expect(res.status).toBe(500);
    expect(String(res.json().message)).toContain("request is too large");
    const ok = await c.raw("GET", `/apis/${GROUP}/v1/namespaces/${ns}/widgets`);
    expect(ok.status).toBe(200);
  });

  it("strategic merge patch on a custom resource is 415", async () => {
    const res = await c.raw("PATCH", `/apis/${GROUP}/v1/namespaces/${ns}/widgets/put`, {
      body: JSON.stringify({ spec: { size: 5 } }),
      contentType: "application/strategic-merge-patch+json",
    });
    expect(res.status).toBe(415);
  });

  it("serves cluster-scoped custom resources without a namespace", async () => {
    const name = `thing-${suffix}`;
    await c.custom.createClusterCustomObject({
      group: GROUP,
      version: "v1",
      plural: "clusterthings",
      body: { apiVersion: `${GROUP}/v1`, kind: "ClusterThing", metadata: { name }, anything: { x: 1 } },
    });
    const got = (await c.custom.getClusterCustomObject({
      group: GROUP,
      version: "v1",
      plural: "clusterthings",
      name,
    })) as {
      metadata: { namespace?: string };
      anything: unknown;
    };
    expect(got.metadata.namespace).toBeUndefined();
    expect(got.anything).toEqual({ x: 1 });
    const nsPath = await c.raw("GET", `/apis/${GROUP}/v1/namespaces/${ns}/clusterthings/${name}`);
    expect(nsPath.status).toBe(404);
    await c.custom.deleteClusterCustomObject({ group: GROUP, version: "v1", plural: "clusterthings", name });
  });

  it("watches custom resources with the same event sequence as built-ins", async () => {
    const list = (await c.custom.listNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
    })) as {
      metadata: { resourceVersion: string };
    };
    const s = await c.stream(
      `/apis/${GROUP}/v1/namespaces/${ns}/widgets?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
    );
    await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      body: widget("watched", { size: 1 }),
    });
    await c.custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: "v1",
        namespace: ns,
        plural: "widgets",
        name: "watched",
        body: { spec: { size: 2 } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await c.custom.deleteNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "widgets",
      name: "watched",
    });
    await waitFor(() => s.lines.length >= 3, 5000, "three custom resource events");
    s.close();
    expect(s.lines.map((l) => l.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(s.lines[0]?.object).toMatchObject({ apiVersion: `${GROUP}/v1`, kind: "Widget" });
  });

  it("deleting the CRD deletes its objects and stops serving the resource", async () => {
    const plural = "gadgets";
    const def = crd(
      plural,
      "Gadget",
      "Namespaced",
      { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      false,
    );
    await install(def);
    await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural,
      body: { apiVersion: `${GROUP}/v1`, kind: "Gadget", metadata: { name: "g1" } },
    });
    const watching = await c.stream(
      `/apis/${GROUP}/v1/namespaces/${ns}/${plural}?watch=true&resourceVersion=0`,
    );
    await c.ext.deleteCustomResourceDefinition({ name: `${plural}.${GROUP}` });
    await waitFor(() => watching.ended, SLOW, "watch on the removed resource ends");
    expect(watching.lines.map((l) => l.type)).toEqual(["ADDED", "DELETED"]);
    await waitFor(
      async () => (await c.raw("GET", `/apis/${GROUP}/v1/namespaces/${ns}/${plural}`)).status === 404,
      SLOW,
      "resource unserved",
    );
    await install(def);
    const list = (await c.custom.listNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural,
    })) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it("serves every served version of a CRD from one storage, each with its own apiVersion", async () => {
    const def = crd(
      "versioned",
      "Versioned",
      "Namespaced",
      { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      false,
    );
    def.spec.versions = [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      },
      {
        name: "v1beta1",
        served: true,
        storage: false,
        schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
      },
    ];
    await install(def);
    await c.custom.createNamespacedCustomObject({
      group: GROUP,
      version: "v1beta1",
      namespace: ns,
      plural: "versioned",
      body: { apiVersion: `${GROUP}/v1beta1`, kind: "Versioned", metadata: { name: "both" }, spec: { x: 1 } },
    });
    const asV1 = (await c.custom.getNamespacedCustomObject({
      group: GROUP,
      version: "v1",
      namespace: ns,
      plural: "versioned",
      name: "both",
    })) as {
      apiVersion: string;
      spec: unknown;
    };
    expect(asV1).toMatchObject({ apiVersion: `${GROUP}/v1`, spec: { x: 1 } });
    const asBeta = (await c.custom.getNamespacedCustomObject({
      group: GROUP,
      version: "v1beta1",
      namespace: ns,
      plural: "versioned",
      name: "both",
    })) as {
      apiVersion: string;
    };
    expect(asBeta.apiVersion).toBe(`${GROUP}/v1beta1`);
  });

  it("an invalid CRD is 422", async () => {
    const bad = crd("mismatch", "Mismatch", "Namespaced", { type: "object" });
    bad.metadata = { name: `wrong.${GROUP}` };
    const res = await c.raw("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
      body: JSON.stringify(bad),
      contentType: "application/json",
    });
    expect(res.status).toBe(422);
    const status = res.json() as { reason: string; details: { causes: { field: string }[] } };
    expect(status.reason).toBe("Invalid");
    expect(status.details.causes).toContainEqual(expect.objectContaining({ field: "metadata.name" }));
  });
});

describe("Argo Workflows kinds (argoproj.io/v1alpha1)", () => {
  it("serves workflows, cronworkflows, workflowtemplates and workflowtaskresults with their short names", async () => {
    const disc = await c.raw("GET", "/apis/argoproj.io/v1alpha1");
    const resources = disc.json().resources as { name: string; shortNames?: string[] }[];
    for (const [plural, , short] of ARGO_KINDS) {
      expect(resources.find((r) => r.name === plural)?.shortNames ?? []).toEqual([...short]);
    }
  });

  it("round-trips a Workflow with arbitrary spec and status, and a CronWorkflow", async () => {
    const wf = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        generateName: "hello-world-",
        labels: { "workflows.argoproj.io/archive-strategy": "false" },
      },
      spec: {
        entrypoint: "hello-world",
        templates: [
          { name: "hello-world", container: { image: "busybox", command: ["echo"], args: ["hello world"] } },
        ],
      },
    };
    const created = (await c.custom.createNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: ns,
      plural: "workflows",
      body: wf,
    })) as { metadata: { name: string }; spec: unknown };
    expect(created.metadata.name).toMatch(/^hello-world-[a-z0-9]{5}$/);
    expect(created.spec).toEqual(wf.spec);
    const withStatus = (await c.custom.patchNamespacedCustomObject(
      {
        group: "argoproj.io",
        version: "v1alpha1",
        namespace: ns,
        plural: "workflows",
        name: created.metadata.name,
        body: {
          status: { phase: "Running", nodes: { [created.metadata.name]: { phase: "Running", type: "Pod" } } },
        },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { status: { phase: string } };
    expect(withStatus.status.phase).toBe("Running");
    const missingSpec = await failure(
      c.custom.createNamespacedCustomObject({
        group: "argoproj.io",
        version: "v1alpha1",
        namespace: ns,
        plural: "workflows",
        body: { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { name: "nospec" } },
      }),
    );
    expect(missingSpec.code).toBe(422);
    const cron = (await c.custom.createNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: ns,
      plural: "cronworkflows",
      body: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "CronWorkflow",
        metadata: { name: "every-minute" },
        spec: { schedules: ["* * * * *"], concurrencyPolicy: "Forbid", workflowSpec: wf.spec },
      },
    })) as { spec: { schedules: string[] } };
    expect(cron.spec.schedules).toEqual(["* * * * *"]);
  });

  it("an informer on workflows sees them appear, change phase and go", async () => {
    type Wf = KubernetesObject & { status?: { phase?: string } };
    const informer = makeInformer<Wf>(
      c.kc,
      `/apis/argoproj.io/v1alpha1/namespaces/${ns}/workflows`,
      () =>
        c.custom.listNamespacedCustomObject({
          group: "argoproj.io",
          version: "v1alpha1",
          namespace: ns,
          plural: "workflows",
        }) as Promise<KubernetesListObject<Wf>>,
    );
    const log: string[] = [];
    informer.on("add", (o) => log.push(`add:${o.metadata?.name}`));
    informer.on("update", (o) => log.push(`update:${o.metadata?.name}:${o.status?.phase}`));
    informer.on("delete", (o) => log.push(`delete:${o.metadata?.name}`));
    await informer.start();
    const wf = { group: "argoproj.io", version: "v1alpha1", namespace: ns, plural: "workflows" };
    await c.custom.createNamespacedCustomObject({
      ...wf,
      body: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Workflow",
        metadata: { name: "informed" },
        spec: { entrypoint: "main" },
      },
    });
    await c.custom.patchNamespacedCustomObject(
      { ...wf, name: "informed", body: { status: { phase: "Succeeded" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await c.custom.deleteNamespacedCustomObject({ ...wf, name: "informed" });
    await waitFor(() => log.includes("delete:informed"), 5000, "informer delete");
    await informer.stop();
    expect(log.filter((l) => l.includes(":informed"))).toEqual([
      "add:informed",
      "update:informed:Succeeded",
      "delete:informed",
    ]);
  });

  it("deleting a Workflow garbage-collects the pods it owns", async () => {
    const wf = (await c.custom.createNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: ns,
      plural: "workflows",
      body: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Workflow",
        metadata: { name: "owner-wf" },
        spec: { entrypoint: "main" },
      },
    })) as { metadata: { uid: string } };
    await c.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: {
          name: "owner-wf-step",
          labels: { "workflows.argoproj.io/workflow": "owner-wf" },
          ownerReferences: [
            {
              apiVersion: "argoproj.io/v1alpha1",
              kind: "Workflow",
              name: "owner-wf",
              uid: wf.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: { containers: [{ name: "main", image: "busybox" }] },
      },
    });
    await c.custom.deleteNamespacedCustomObject({
      group: "argoproj.io",
      version: "v1alpha1",
      namespace: ns,
      plural: "workflows",
      name: "owner-wf",
    });
    await waitFor(
      async () => {
        const pods = await c.core.listNamespacedPod({
          namespace: ns,
          labelSelector: "workflows.argoproj.io/workflow=owner-wf",
        });
        return pods.items.length === 0;
      },
      SLOW,
      "owned pod collected",
    );
  });
});
