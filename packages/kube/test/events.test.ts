import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventRecorder, FakeClock, Informer, type KubeEvent, type Workflow } from "../src/index.ts";
import { type TestCluster, testCluster, waitFor } from "./support/cluster.ts";

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await testCluster();
});
afterAll(() => cluster.close());

async function eventsIn(ns: string): Promise<KubeEvent[]> {
  return (await cluster.client().events.list(ns)).items;
}

describe("event recorder", () => {
  it("de-duplicates identical events into one Event with a count; different ones stay apart", async () => {
    const ns = await cluster.namespace("events");
    const client = cluster.client();
    const wf = await client.workflows.create({ metadata: { name: "wf", namespace: ns }, spec: {} });
    const clock = new FakeClock();
    const recorder = new EventRecorder({
      events: client.events,
      component: "workflow-controller",
      host: "pod-1",
      clock,
    });
    await Promise.all([
      recorder.event(wf, "Normal", "WorkflowRunning", "Workflow Running"),
      recorder.event(wf, "Normal", "WorkflowRunning", "Workflow Running"),
    ]);
    await clock.advance(5_000);
    await recorder.event(wf, "Normal", "WorkflowRunning", "Workflow Running");
    await recorder.event(wf, "Warning", "WorkflowFailed", "child failed");
    const events = await eventsIn(ns);
    expect(events).toHaveLength(2);
    const running = events.find((e) => e.reason === "WorkflowRunning");
    expect(running).toMatchObject({
      type: "Normal",
      count: 3,
      message: "Workflow Running",
      involvedObject: { kind: "Workflow", name: "wf", namespace: ns, uid: wf.metadata.uid },
      source: { component: "workflow-controller", host: "pod-1" },
      firstTimestamp: "2026-01-01T00:00:00Z",
      lastTimestamp: "2026-01-01T00:00:05Z",
    });
    expect(events.find((e) => e.reason === "WorkflowFailed")).toMatchObject({ type: "Warning", count: 1 });
  });

  it("starts a new Event when the remembered one is gone, and drops floods per object", async () => {
    const ns = await cluster.namespace("events-gc");
    const client = cluster.client();
    const clock = new FakeClock();
    const recorder = new EventRecorder({
      events: client.events,
      component: "c",
      clock,
      spam: { burst: 3, refillMs: 60_000 },
    });
    const ref = { kind: "Pod", name: "p", namespace: ns };
    await recorder.event(ref, "Normal", "Started", "started");
    const [first] = await eventsIn(ns);
    await client.events.delete(ns, first?.metadata.name ?? "");
    await recorder.event(ref, "Normal", "Started", "started");
    expect((await eventsIn(ns)).map((e) => e.count)).toEqual([1]);
    await recorder.event(ref, "Normal", "Started", "started");
    await recorder.event(ref, "Normal", "Started", "started");
    expect(recorder.dropped()).toBe(1);
    await clock.advance(60_000);
    await recorder.event(ref, "Normal", "Started", "started");
    expect((await eventsIn(ns)).map((e) => e.count)).toEqual([3]);
  });

  it("an informer's undecodable objects become Warning events with the object's key", async () => {
    const ns = await cluster.namespace("events-decode");
    const client = cluster.client();
    const recorder = new EventRecorder({ events: client.events, component: "workflow-controller" });
    await client.workflows.create({
      metadata: { name: "broken", namespace: ns },
      spec: { templates: "nope" },
    });
    const informer = new Informer(client.workflows, {
      namespace: ns,
      clock: new FakeClock(),
      decode: (o) => {
        if (!Array.isArray((o as Workflow).spec?.templates))
          throw new Error("cannot unmarshal spec.templates: not a list");
        return o as Workflow;
      },
      onUndecodable: (r) => {
        if (r.ref !== undefined) void recorder.event(r.ref, "Warning", "DecodeFailed", r.problem);
      },
    }).start();
    await informer.waitForSync();
    await waitFor(async () => (await eventsIn(ns)).length === 1, "the warning event");
    const [ev] = await eventsIn(ns);
    expect(ev).toMatchObject({
      type: "Warning",
      reason: "DecodeFailed",
      message: "cannot unmarshal spec.templates: not a list",
      involvedObject: { kind: "Workflow", name: "broken", namespace: ns },
    });
    expect(informer.state().phase).toBe("watching");
    await informer.stop();
  });
});
