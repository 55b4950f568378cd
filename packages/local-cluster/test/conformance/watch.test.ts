/** Watch semantics: event sequences, selector transitions, resourceVersion replay, 410, timeouts, bookmarks, informers. */
import { type KubernetesObject, makeInformer, type V1ConfigMap, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, LOCAL, TEST_TIMEOUT, waitFor } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("watch");
});
afterAll(async () => {
  await c.close();
});

interface Seen {
  type: string;
  name: string | undefined;
  rv: string | undefined;
  obj: Record<string, unknown>;
}

async function watchEvents(path: string, query: Record<string, string | number | boolean>) {
  const events: Seen[] = [];
  let done: unknown = "open";
  const w = new Watch(c.kc);
  const ctl = await w.watch(
    path,
    query,
    (type, obj: KubernetesObject & Record<string, unknown>) =>
      events.push({ type, name: obj.metadata?.name, rv: obj.metadata?.resourceVersion, obj }),
    (err) => {
      done = err ?? null;
    },
  );
  return { events, ctl, done: () => done };
}

describe("watch", () => {
  it("streams ADDED, MODIFIED, DELETED after the list's resourceVersion, each with a newer resourceVersion", async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion ?? "",
    });
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "w1" }, data: { a: "1" } },
    });
    const upd = await c.core.replaceNamespacedConfigMap({
      name: "w1",
      namespace: ns,
      body: { ...cm, data: { a: "2" } },
    });
    await c.core.deleteNamespacedConfigMap({ name: "w1", namespace: ns });
    await waitFor(() => w.events.filter((e) => e.name === "w1").length >= 3, 5000, "three events");
    w.ctl.abort();
    const mine = w.events.filter((e) => e.name === "w1");
    expect(mine.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(mine[0]?.rv).toBe(cm.metadata?.resourceVersion);
    expect(mine[1]?.rv).toBe(upd.metadata?.resourceVersion);
    expect(mine[1]?.obj.data).toEqual({ a: "2" });
    expect(mine[2]?.obj.data).toEqual({ a: "2" });
    expect(mine[2]?.obj.kind).toBe("ConfigMap");
    expect(mine[2]?.obj.apiVersion).toBe("v1");
  });

  it("without a resourceVersion starts with the current objects as ADDED events", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "pre-1" } } });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "pre-2" } } });
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {});
    await waitFor(
      () => w.events.some((e) => e.name === "pre-2") && w.events.some((e) => e.name === "pre-1"),
      5000,
      "initial events",
    );
    w.ctl.abort();
    expect(w.events.filter((e) => e.name?.startsWith("pre-")).map((e) => e.type)).toEqual(["ADDED", "ADDED"]);
  });

  it("a label selector turns leaving the selection into DELETED and entering it into ADDED", async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion ?? "",
      labelSelector: "tier=web",
    });
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "sel", labels: { tier: "web" } } },
    });
    const moved = await c.core.replaceNamespacedConfigMap({
      name: "sel",
      namespace: ns,
      body: { ...cm, metadata: { ...cm.metadata, labels: { tier: "db" } } },
    });
    await c.core.replaceNamespacedConfigMap({
      name: "sel",
      namespace: ns,
      body: { ...moved, metadata: { ...moved.metadata, labels: { tier: "web" } } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "other", labels: { tier: "db" } } },
    });
    await waitFor(() => w.events.length >= 3, 5000, "selector events");
    w.ctl.abort();
    expect(w.events.map((e) => `${e.type}:${e.name}`)).toEqual(["ADDED:sel", "DELETED:sel", "ADDED:sel"]);
  });

  it("a field selector on metadata.name watches one object", async () => {
    const list = await c.core.listNamespacedConfigMap({ namespace: ns });
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata?.resourceVersion ?? "",
      fieldSelector: "metadata.name=only-me",
    });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "not-me" } } });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "only-me" } } });
    await waitFor(() => w.events.length >= 1, 5000, "field selector event");
    w.ctl.abort();
    expect(w.events.map((e) => e.name)).toEqual(["only-me"]);
  });

  it("replays from an older resourceVersion everything that happened after it", async () => {
    const a = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "replay-a" } },
    });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "replay-b" } } });
    await c.core.deleteNamespacedConfigMap({ name: "replay-a", namespace: ns });
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: a.metadata?.resourceVersion ?? "",
    });
    await waitFor(
      () => w.events.some((e) => e.type === "DELETED" && e.name === "replay-a"),
      5000,
      "replayed delete",
    );
    w.ctl.abort();
    const replay = w.events.filter((e) => e.name?.startsWith("replay-")).map((e) => `${e.type}:${e.name}`);
    expect(replay).toEqual(["ADDED:replay-b", "DELETED:replay-a"]);
  });

  it("timeoutSeconds ends the stream cleanly", async () => {
    const w = await watchEvents(`/api/v1/namespaces/${ns}/configmaps`, {
      timeoutSeconds: 1,
      resourceVersion: "0",
    });
    const result = await waitFor(
      () => (w.done() === "open" ? undefined : { v: w.done() }),
      5000,
      "watch end",
    );
    expect(result.v).toBeNull();
  });

  it("streams chunked application/json, one JSON object per line", async () => {
    const s = await c.stream(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`);
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "raw-line" } } });
    await waitFor(
      () => s.lines.some((l) => (l.object as { metadata?: { name?: string } }).metadata?.name === "raw-line"),
      5000,
      "raw line",
    );
    s.close();
    expect(s.status).toBe(200);
    expect(s.headers["content-type"]).toMatch(/^application\/json/);
    expect(s.headers["transfer-encoding"]).toBe("chunked");
    for (const line of s.lines) {
      expect(Object.keys(line).sort()).toEqual(["object", "type"]);
    }
  });

  it("an informer (client-node makeInformer) sees adds, updates and deletes", async () => {
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = makeInformer<V1ConfigMap>(c.kc, path, () =>
      c.core.listNamespacedConfigMap({ namespace: ns }),
    );
    const log: string[] = [];
    informer.on("add", (o) => log.push(`add:${o.metadata?.name}`));
    informer.on("update", (o) => log.push(`update:${o.metadata?.name}:${o.data?.v}`));
    informer.on("delete", (o) => log.push(`delete:${o.metadata?.name}`));
    await informer.start();
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "inf" }, data: { v: "1" } },
    });
    await c.core.replaceNamespacedConfigMap({
      name: "inf",
      namespace: ns,
      body: { ...cm, data: { v: "2" } },
    });
    await c.core.deleteNamespacedConfigMap({ name: "inf", namespace: ns });
    await waitFor(() => log.includes("delete:inf"), 5000, "informer delete");
    await informer.stop();
    expect(log.filter((l) => l.includes(":inf"))).toEqual(["add:inf", "update:inf:2", "delete:inf"]);
    expect(informer.get("inf", ns)).toBeUndefined();
  });
});

describe.runIf(LOCAL)("local-only: watch history, bookmarks, cut streams", () => {
  it("local-only: a resourceVersion older than the kept history gets an ERROR event with a 410 Expired Status", async () => {
    const cm = await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "old-rv" } },
    });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "old-rv-2" } } });
    c.local?.faults.expireHistory();
    const s = await c.stream(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${cm.metadata?.resourceVersion}`,
    );
    await waitFor(() => s.ended, 5000, "stream end");
    expect(s.status).toBe(200);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatchObject({
      type: "ERROR",
      object: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410 },
    });
    expect(String((s.lines[0]?.object as { message?: string } | undefined)?.message)).toMatch(
      /^too old resource version: \d+ \(\d+\)$/,
    );
  });

  it("local-only: a watch from a resourceVersion the server never reached fails with 504 ResourceVersionTooLarge", async () => {
    const future = String((c.local?.resourceVersion() ?? 0) + 1_000_000);
    const s = await c.stream(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${future}`);
    await waitFor(() => s.ended, 10_000, "refusal");
    expect(s.status).toBe(504);
    expect(JSON.parse(s.chunks.join(""))).toMatchObject({
      kind: "Status",
      reason: "Timeout",
      code: 504,
      details: { causes: [{ reason: "ResourceVersionTooLarge" }] },
    });
  });

  it("local-only: allowWatchBookmarks brings BOOKMARK events carrying only kind, apiVersion and resourceVersion", async () => {
    const s = await c.stream(
      `/api/v1/namespaces/${ns}/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=0`,
    );
    await waitFor(() => s.lines.some((l) => l.type === "BOOKMARK"), 5000, "bookmark");
    s.close();
    const bm = s.lines.find((l) => l.type === "BOOKMARK");
    expect(bm?.object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
  });

  it("local-only: an informer whose watch is cut resumes from its resourceVersion without losing events", async () => {
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = makeInformer<V1ConfigMap>(c.kc, path, () =>
      c.core.listNamespacedConfigMap({ namespace: ns }),
    );
    const adds: string[] = [];
    const connects: number[] = [];
    informer.on("add", (o) => adds.push(o.metadata?.name ?? ""));
    informer.on("connect", () => connects.push(Date.now()));
    await informer.start();
    await waitFor(() => (c.local?.faults.openWatches() ?? 0) > 0, 5000, "watch open");
    expect(c.local?.faults.cutWatches({ resource: "configmaps", namespace: ns }, "end")).toBeGreaterThan(0);
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "after-cut" } } });
    await waitFor(() => adds.includes("after-cut"), 8000, "event after the cut");
    await informer.stop();
    expect(connects.length).toBeGreaterThanOrEqual(2);
  });

  it("local-only: failWatches puts a 410 ERROR event into open streams and ends them", async () => {
    const s = await c.stream(`/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`);
    await waitFor(() => (c.local?.faults.openWatches() ?? 0) > 0, 5000, "watch open");
    expect(c.local?.faults.failWatches({ resource: "configmaps", namespace: ns })).toBe(1);
    await waitFor(() => s.ended, 5000, "stream end");
    expect(s.lines.at(-1)).toMatchObject({
      type: "ERROR",
      object: { kind: "Status", code: 410, reason: "Expired" },
    });
  });

  it("local-only: an informer relists after a 410 and still converges", async () => {
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = makeInformer<V1ConfigMap>(c.kc, path, () =>
      c.core.listNamespacedConfigMap({ namespace: ns }),
    );
    const adds: string[] = [];
    informer.on("add", (o) => adds.push(o.metadata?.name ?? ""));
    await informer.start();
    await waitFor(() => (c.local?.faults.openWatches() ?? 0) > 0, 5000, "watch open");
    c.local?.faults.expireHistory();
    c.local?.faults.failNext(1, { verb: "watch", resource: "configmaps", namespace: ns }, 410);
    c.local?.faults.cutWatches({ resource: "configmaps", namespace: ns }, "end");
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "after-gone" } } });
    await waitFor(() => informer.get("after-gone", ns) !== undefined, 8000, "relisted object");
    await informer.stop();
    expect(adds).toContain("after-gone");
  });
});
