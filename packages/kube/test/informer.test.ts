import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  byOwnerUid,
  compareResourceVersions,
  createKubeClient,
  FakeClock,
  Informer,
  type InformerOptions,
  type KubeClient,
  objectKey,
  type UndecodableReport,
  type Workflow,
} from "../src/index.ts";
import { driveUntil, LOCAL, type TestCluster, testCluster, waitFor } from "./support/cluster.ts";
import { startFreezeProxy } from "./support/freeze-proxy.ts";

let cluster: TestCluster;
let admin: KubeClient;
const running: Informer<Workflow>[] = [];

beforeAll(async () => {
  cluster = await testCluster();
  admin = cluster.client();
});
afterEach(async () => {
  for (const i of running.splice(0)) await i.stop();
  cluster.local?.faults.clear();
});
afterAll(() => cluster.close());

interface Delivery {
  kind: "add" | "update" | "delete";
  key: string;
  rv: string;
  uid: string;
  finalStateUnknown?: boolean;
  resync?: boolean;
}

function start(ns: string, clock: FakeClock, extra: Partial<InformerOptions<Workflow>> = {}) {
  const deliveries: Delivery[] = [];
  const informer = new Informer(cluster.client().workflows, { namespace: ns, clock, ...extra });
  const d = (kind: Delivery["kind"], o: Workflow, more: Partial<Delivery> = {}) =>
    deliveries.push({
      kind,
      key: objectKey(o),
      rv: o.metadata.resourceVersion ?? "",
      uid: o.metadata.uid ?? "",
      ...more,
    });
  informer.addEventHandler({
    onAdd: (o) => d("add", o),
    onUpdate: (_old, o, { resync }) => d("update", o, resync ? { resync } : {}),
    onDelete: (o, { finalStateUnknown }) => d("delete", o, { finalStateUnknown }),
  });
  running.push(informer.start());
  return { informer, deliveries };
}

const wf = (ns: string, name: string, extra: Partial<Workflow> = {}): Workflow => ({
  metadata: { name, namespace: ns },
  spec: { entrypoint: "main" },
  ...extra,
});

/** Cuts the informer's watch once the server has it open (it opens just after the list). */
async function cutWatch(ns: string, mode: "end" | "reset" = "reset"): Promise<void> {
  const server = cluster.local;
  if (server === undefined) throw new Error("local-only");
  await waitFor(
    () => server.faults.cutWatches({ resource: "workflows", namespace: ns }, mode) === 1,
    "a watch to cut",
  );
}

/** The cache holds exactly what a fresh list returns (same keys, same resourceVersions). */
async function converged(informer: Informer<Workflow>, ns: string): Promise<boolean> {
  const fresh = await admin.workflows.list(ns);
  const want = fresh.items.map((o) => `${objectKey(o)}@${o.metadata.resourceVersion}`).sort();
  const have = informer.store
    .list()
    .map((o) => `${objectKey(o)}@${o.metadata.resourceVersion}`)
    .sort();
  return JSON.stringify(want) === JSON.stringify(have);
}

/** No event for an object older than one already delivered for the same key (and uid). */
function expectMonotonic(deliveries: Delivery[]): void {
  const last = new Map<string, Delivery>();
  for (const d of deliveries) {
    if (d.resync) continue;
    const prev = last.get(d.key);
    if (prev !== undefined && prev.uid === d.uid && prev.kind !== "delete") {
      const cmp = compareResourceVersions(d.rv, prev.rv) ?? 1;
      if (d.kind === "delete" && d.finalStateUnknown) expect(cmp).toBeGreaterThanOrEqual(0);
      else expect(cmp, `${d.kind} ${d.key} rv ${d.rv} after ${prev.rv}`).toBeGreaterThan(0);
    }
    last.set(d.key, d);
  }
}

async function churn(ns: string, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const created = await admin.workflows.create(wf(ns, `${prefix}-${i}`));
    await admin.workflows.patchStatus(ns, created.metadata.name ?? "", { phase: "Running" });
  }
}

describe("informer", () => {
  it("lists, then watches from the list's resourceVersion; hasSynced; add / update / delete in order", async () => {
    const ns = await cluster.namespace("inf-basic");
    await admin.workflows.create(wf(ns, "pre"));
    const { informer, deliveries } = start(ns, new FakeClock());
    expect(informer.hasSynced()).toBe(false);
    await informer.waitForSync();
    expect(informer.hasSynced()).toBe(true);
    expect(deliveries.map((d) => `${d.kind} ${d.key}`)).toEqual([`add ${ns}/pre`]);
    await admin.workflows.create(wf(ns, "live"));
    await admin.workflows.patchStatus(ns, "live", { phase: "Running" });
    await admin.workflows.delete(ns, "pre");
    await waitFor(() => deliveries.length === 4, "three watch events");
    expect(deliveries.map((d) => `${d.kind} ${d.key}`)).toEqual([
      `add ${ns}/pre`,
      `add ${ns}/live`,
      `update ${ns}/live`,
      `delete ${ns}/pre`,
    ]);
    expect(informer.state()).toMatchObject({
      phase: "watching",
      synced: true,
      lists: 1,
      objects: 1,
      errors: 0,
    });
    expect(informer.get(ns, "live")?.status).toEqual({ phase: "Running" });
  });

  it.runIf(LOCAL)(
    "local-only (500 ms bookmark interval): bookmarks move the resourceVersion forward while nothing in the watched namespace changes",
    async () => {
      const ns = await cluster.namespace("inf-bm");
      const other = await cluster.namespace("inf-bm-other");
      const { informer } = start(ns, new FakeClock());
      await informer.waitForSync();
      const before = informer.state().resourceVersion;
      const created = await admin.workflows.create(wf(other, "elsewhere"));
      await waitFor(
        () =>
          (compareResourceVersions(informer.state().resourceVersion, created.metadata.resourceVersion) ??
            -1) >= 0,
        "a bookmark past the other namespace's write",
      );
      expect(compareResourceVersions(informer.state().resourceVersion, before)).toBe(1);
      expect(informer.store.size).toBe(0);
    },
  );

  it("lists in pages and follows continue tokens", async () => {
    const ns = await cluster.namespace("inf-pages");
    await churn(ns, "p", 5);
    const seen: string[] = [];
    const informer = new Informer(cluster.client({ onRequest: (i) => seen.push(`${i.verb}`) }).workflows, {
      namespace: ns,
      clock: new FakeClock(),
      pageSize: 2,
    });
    running.push(informer.start());
    await informer.waitForSync();
    expect(informer.store.size).toBe(5);
    expect(seen.slice(0, 3)).toEqual(["list", "list", "list"]);
    expect(informer.state().lists).toBe(1);
  });

  it.runIf(LOCAL)("local-only: a 429 answer is retried no sooner than its Retry-After", async () => {
    const server = cluster.local;
    if (server === undefined) throw new Error("local-only");
    const ns = await cluster.namespace("inf-429");
    server.faults.failNext(1, { verb: "list", resource: "workflows", namespace: ns }, 429, {
      retryAfterSeconds: 7,
    });
    const clock = new FakeClock();
    const { informer } = start(ns, clock, { random: () => 0 });
    await waitFor(() => informer.state().phase === "backoff", "backoff after 429");
    expect(informer.state().retryAt).toBe(7_000);
    await clock.advance(6_999);
    expect(informer.hasSynced()).toBe(false);
    await clock.advance(1);
    await informer.waitForSync();
  });

  it("custom indexes (owner uid) and the namespace index", async () => {
    const ns = await cluster.namespace("inf-idx");
    const owner = await admin.workflows.create(wf(ns, "owner"));
    const ref = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      name: "owner",
      uid: owner.metadata.uid ?? "",
    };
    await admin.workflows.create(
      wf(ns, "child-1", { metadata: { name: "child-1", namespace: ns, ownerReferences: [ref] } }),
    );
    await admin.workflows.create(
      wf(ns, "child-2", { metadata: { name: "child-2", namespace: ns, ownerReferences: [ref] } }),
    );
    const { informer } = start(ns, new FakeClock(), { indexers: { owner: byOwnerUid } });
    await informer.waitForSync();
    expect(
      informer.store
        .byIndex("owner", owner.metadata.uid ?? "")
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(["child-1", "child-2"]);
    expect(informer.store.listNamespace(ns)).toHaveLength(3);
    await admin.workflows.delete(ns, "child-1");
    await waitFor(
      () => informer.store.byIndex("owner", owner.metadata.uid ?? "").length === 1,
      "index update",
    );
  });

  it("periodic resync re-delivers every cached object as an update (on the injected clock)", async () => {
    const ns = await cluster.namespace("inf-resync");
    await admin.workflows.create(wf(ns, "a"));
    await admin.workflows.create(wf(ns, "b"));
    const clock = new FakeClock();
    const { informer, deliveries } = start(ns, clock, { resyncPeriodMs: 60_000 });
    await informer.waitForSync();
    await clock.advance(59_999);
    expect(deliveries.filter((d) => d.resync)).toHaveLength(0);
    await clock.advance(1);
    expect(
      deliveries
        .filter((d) => d.resync)
        .map((d) => d.key)
        .sort(),
    ).toEqual([`${ns}/a`, `${ns}/b`]);
  });

  it("skips objects that fail to decode, reports them with their key, and keeps going", async () => {
    const ns = await cluster.namespace("inf-decode");
    const reports: UndecodableReport[] = [];
    const decode = (o: Workflow): Workflow => {
      if (typeof o.spec?.entrypoint !== "string") throw new Error("spec.entrypoint must be a string");
      return o;
    };
    await admin.workflows.create(wf(ns, "bad-listed", { spec: { entrypoint: 7 } }));
    const { informer, deliveries } = start(ns, new FakeClock(), {
      decode: decode as (o: unknown) => Workflow,
      onUndecodable: (r) => reports.push(r),
    });
    await informer.waitForSync();
    await admin.workflows.create(wf(ns, "bad-watched", { spec: {} }));
    await admin.workflows.create(wf(ns, "good"));
    await waitFor(() => deliveries.some((d) => d.key === `${ns}/good`), "the good object");
    expect(reports.map((r) => [r.key, r.problem])).toEqual([
      [`${ns}/bad-listed`, "spec.entrypoint must be a string"],
      [`${ns}/bad-watched`, "spec.entrypoint must be a string"],
    ]);
    expect(reports[0]?.ref).toMatchObject({ kind: "Workflow", name: "bad-listed", namespace: ns });
    expect(informer.store.keys()).toEqual([`${ns}/good`]);
    expect(informer.state()).toMatchObject({ phase: "watching", undecodable: 2, errors: 0 });
  });

  it.runIf(LOCAL)(
    "local-only: a watch cut mid-stream resumes from the last resourceVersion without a re-list",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const ns = await cluster.namespace("inf-cut");
      const clock = new FakeClock();
      const { informer, deliveries } = start(ns, clock);
      await informer.waitForSync();
      await churn(ns, "before", 3);
      await waitFor(() => converged(informer, ns), "first events");
      for (let round = 0; round < 3; round++) {
        await cutWatch(ns);
        await churn(ns, `during-${round}`, 2);
        await admin.workflows.delete(ns, `before-${round}`);
        await driveUntil(clock, () => converged(informer, ns), `convergence after cut ${round}`);
      }
      const state = informer.state();
      expect(state.lists).toBe(1);
      expect(state.watches).toBeGreaterThanOrEqual(4);
      expect(state.errors).toBeGreaterThanOrEqual(3);
      expect(deliveries.filter((d) => d.kind === "delete" && !d.finalStateUnknown)).toHaveLength(3);
      expectMonotonic(deliveries);
    },
  );

  it.runIf(LOCAL)(
    "local-only: 410 Gone on reconnect re-lists; deletes missed meanwhile arrive as final-state-unknown",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const ns = await cluster.namespace("inf-gone");
      const clock = new FakeClock();
      await churn(ns, "a", 4);
      const { informer, deliveries } = start(ns, clock);
      await informer.waitForSync();
      await cutWatch(ns);
      await admin.workflows.delete(ns, "a-0");
      await admin.workflows.patchStatus(ns, "a-1", { phase: "Succeeded" });
      await churn(ns, "b", 2);
      server.faults.expireHistory();
      await driveUntil(clock, () => converged(informer, ns), "convergence after 410");
      const state = informer.state();
      expect(state.goneRelists).toBe(1);
      expect(state.lists).toBe(2);
      expect(deliveries).toContainEqual(
        expect.objectContaining({ kind: "delete", key: `${ns}/a-0`, finalStateUnknown: true }),
      );
      expect(informer.get(ns, "a-1")?.status).toEqual({ phase: "Succeeded" });
      expectMonotonic(deliveries);
    },
  );

  it.runIf(LOCAL)("local-only: an in-stream 410 ERROR event re-lists", async () => {
    const server = cluster.local;
    if (server === undefined) throw new Error("local-only");
    const ns = await cluster.namespace("inf-gone-ev");
    const clock = new FakeClock();
    const { informer, deliveries } = start(ns, clock);
    await informer.waitForSync();
    server.faults.failNext(1, { verb: "watch", resource: "workflows", namespace: ns }, 410);
    await cutWatch(ns, "end");
    await churn(ns, "x", 2);
    await driveUntil(
      clock,
      () => informer.state().goneRelists === 1 && converged(informer, ns),
      "re-list after 410 event",
    );
    expect(informer.state().lists).toBe(2);
    expectMonotonic(deliveries);
  });

  it.runIf(LOCAL)(
    "local-only: connection resets and 500/503/429 on list and watch are retried with backoff until synced",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const ns = await cluster.namespace("inf-reset");
      await churn(ns, "a", 2);
      server.faults.resetNext(2, { verb: "list", resource: "workflows", namespace: ns });
      server.faults.failNext(1, { verb: "list", resource: "workflows", namespace: ns }, 503);
      server.faults.failNext(1, { verb: "list", resource: "workflows", namespace: ns }, 429);
      server.faults.failNext(1, { verb: "watch", resource: "workflows", namespace: ns }, 500);
      server.faults.resetNext(1, { verb: "watch", resource: "workflows", namespace: ns });
      const clock = new FakeClock();
      const { informer, deliveries } = start(ns, clock);
      await driveUntil(clock, () => informer.hasSynced(), "sync through faults");
      await driveUntil(
        clock,
        () => informer.state().phase === "watching" && informer.state().errors === 6,
        "watch through faults",
      );
      await churn(ns, "b", 2);
      await driveUntil(clock, () => converged(informer, ns), "convergence after resets");
      expect(informer.state().lists).toBe(1);
      expect(informer.state().lastError).toBeDefined();
      expectMonotonic(deliveries);
    },
  );

  it.runIf(LOCAL)(
    "local-only: a watch that goes silent with no error is abandoned after the liveness timeout and re-listed",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const ns = await cluster.namespace("inf-silent");
      const clock = new FakeClock();
      const { informer, deliveries } = start(ns, clock, { livenessTimeoutMs: 120_000 });
      await informer.waitForSync();
      // The next watch request is held by the server without an answer: a stream that is open but says nothing.
      await cutWatch(ns);
      server.faults.delayNext(1, { verb: "watch", resource: "workflows", namespace: ns }, 20_000);
      await driveUntil(clock, () => informer.state().watches === 2, "the silent watch to start", 500);
      await churn(ns, "hidden", 3);
      await clock.advance(60_000);
      expect(informer.store.size).toBe(0);
      expect(informer.state().livenessRelists).toBe(0);
      await driveUntil(
        clock,
        () => converged(informer, ns),
        "convergence after the liveness re-list",
        30_000,
      );
      expect(informer.state().livenessRelists).toBe(1);
      expect(informer.state().lists).toBe(2);
      expect(informer.store.size).toBe(3);
      expectMonotonic(deliveries);
    },
  );

  it.runIf(LOCAL)(
    "local-only: a stream that stops delivering mid-watch (connection kept open) is re-listed after the liveness timeout",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const proxy = await startFreezeProxy(server.url);
      try {
        const ns = await cluster.namespace("inf-frozen");
        const clock = new FakeClock();
        const viaProxy = createKubeClient({
          kubeconfig: { kind: "options", cluster: { server: proxy.url, token: server.token } },
          qps: Number.POSITIVE_INFINITY,
        });
        const informer = new Informer(viaProxy.workflows, {
          namespace: ns,
          clock,
          livenessTimeoutMs: 120_000,
        });
        running.push(informer.start());
        await informer.waitForSync();
        await admin.workflows.create(wf(ns, "seen"));
        await waitFor(() => informer.store.size === 1, "an event through the live stream");
        await waitFor(() => proxy.freezeWatches() === 1, "the watch connection to freeze");
        await churn(ns, "unseen", 2);
        await clock.advance(60_000);
        expect(informer.store.size).toBe(1);
        expect(informer.state()).toMatchObject({ phase: "watching", livenessRelists: 0, errors: 0 });
        await driveUntil(
          clock,
          () => converged(informer, ns),
          "convergence after the liveness re-list",
          30_000,
        );
        expect(informer.state()).toMatchObject({ livenessRelists: 1, lists: 2 });
        await admin.workflows.delete(ns, "seen");
        await waitFor(() => informer.store.size === 2, "events through the new stream");
      } finally {
        await proxy.close();
      }
    },
  );

  it.runIf(LOCAL)("local-only: stop() closes the watch; the informer never stops by itself", async () => {
    const server = cluster.local;
    if (server === undefined) throw new Error("local-only");
    const ns = await cluster.namespace("inf-stop");
    const clock = new FakeClock();
    const informer = new Informer(cluster.client().workflows, { namespace: ns, clock });
    informer.start();
    await informer.waitForSync();
    await waitFor(() => server.faults.openWatches() >= 1, "watch open");
    const before = server.faults.openWatches();
    await informer.stop();
    await waitFor(() => server.faults.openWatches() === before - 1, "watch closed");
    expect(informer.state().phase).toBe("stopped");
  });
});
