import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictError,
  patchStatusChanges,
  type RequestInfo,
  updateWithRetry,
  type Workflow,
} from "../src/index.ts";
import { type TestCluster, testCluster } from "./support/cluster.ts";

let cluster: TestCluster;
let ns: string;

beforeAll(async () => {
  cluster = await testCluster();
  ns = await cluster.namespace("update");
});
afterAll(() => cluster.close());

const counter = (w: Workflow): number => Number((w.status as { counter?: number } | undefined)?.counter ?? 0);

describe("conflict-retrying updates", () => {
  it("20 concurrent writers x 50 increments of one counter end at exactly 1000", async () => {
    const admin = cluster.client();
    await admin.workflows.create({ metadata: { name: "counter", namespace: ns }, spec: {} });
    let conflicts = 0;
    const writers = Array.from({ length: 20 }, async () => {
      const client = cluster.client({
        onRequest: (i: RequestInfo) => {
          if (i.statusCode === 409) conflicts++;
        },
      });
      for (let n = 0; n < 50; n++) {
        await updateWithRetry(
          client.workflows,
          ns,
          "counter",
          (w) => ({ ...w, status: { ...w.status, counter: counter(w) + 1 } }),
          {
            subresource: "status",
            retry: {
              maxAttempts: 1000,
              baseDelayMs: 2,
              factor: 1.5,
              maxDelayMs: 50,
              jitter: 1,
              jitterMode: "full",
            },
          },
        );
      }
    });
    await Promise.all(writers);
    const final = await admin.workflows.get(ns, "counter");
    expect(counter(final)).toBe(1000);
    expect(conflicts).toBeGreaterThan(0);
  }, 60_000);

  it("re-reads and re-applies the mutation after a conflict; gives up after the bounded attempts", async () => {
    const client = cluster.client();
    await client.workflows.create({ metadata: { name: "contended", namespace: ns }, spec: { n: 0 } });
    const attempts: number[] = [];
    const result = await updateWithRetry(client.workflows, ns, "contended", async (w, attempt) => {
      attempts.push(attempt);
      if (attempt === 1)
        await client.workflows.patch(ns, "contended", { metadata: { labels: { racer: "won" } } });
      return { ...w, spec: { n: 1 } };
    });
    expect(attempts).toEqual([1, 2]);
    expect(result.spec).toEqual({ n: 1 });
    expect(result.metadata.labels).toEqual({ racer: "won" });

    let tries = 0;
    const err = await updateWithRetry(
      client.workflows,
      ns,
      "contended",
      async (w) => {
        tries++;
        await client.workflows.patch(ns, "contended", { metadata: { labels: { racer: String(tries) } } });
        return { ...w, spec: { n: 2 } };
      },
      { retry: { maxAttempts: 3, baseDelayMs: 0 } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(tries).toBe(3);
  });

  it("a mutation that returns undefined writes nothing", async () => {
    const seen: string[] = [];
    const client = cluster.client({ onRequest: (i) => seen.push(i.verb) });
    await client.workflows.create({ metadata: { name: "untouched", namespace: ns }, spec: {} });
    const got = await updateWithRetry(client.workflows, ns, "untouched", () => undefined);
    expect(got.metadata.name).toBe("untouched");
    expect(seen).toEqual(["create", "get"]);
  });

  it("patchStatusChanges sends only the changed status fields as a merge patch, nothing when unchanged", async () => {
    const bodies: string[] = [];
    const client = cluster.client({ onRequest: (i) => bodies.push(`${i.verb} ${i.kind}`) });
    const wf = await client.workflows.create({ metadata: { name: "diff", namespace: ns }, spec: {} });
    const running = await client.workflows.patchStatus(ns, "diff", {
      phase: "Running",
      nodes: { a: { phase: "Running" } },
    });
    // Someone else sets a field meanwhile; a merge patch of our changes keeps it.
    await client.workflows.patchStatus(ns, "diff", { message: "external" });
    const after = { ...running, status: { phase: "Running", nodes: { a: { phase: "Succeeded" } } } };
    const patched = await patchStatusChanges(client.workflows, running, after);
    expect(patched.status).toEqual({
      phase: "Running",
      nodes: { a: { phase: "Succeeded" } },
      message: "external",
    });
    bodies.length = 0;
    expect(await patchStatusChanges(client.workflows, patched, patched)).toBe(patched);
    expect(bodies).toEqual([]);
    expect(wf.metadata.name).toBe("diff");
  });
});
