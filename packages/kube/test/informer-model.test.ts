import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compareResourceVersions,
  FakeClock,
  Informer,
  type KubeClient,
  objectKey,
  type Workflow,
} from "../src/index.ts";
import { driveUntil, LOCAL, type TestCluster, testCluster } from "./support/cluster.ts";

let cluster: TestCluster;
let admin: KubeClient;
beforeAll(async () => {
  cluster = await testCluster();
  admin = cluster.client();
});
afterAll(() => cluster.close());

type Op =
  | { kind: "create" | "update" | "delete"; name: string }
  | { kind: "cut"; mode: "end" | "reset" }
  | { kind: "expire" }
  | { kind: "reset" | "fail"; verb: "list" | "watch" };

const names = fc.constantFrom("a", "b", "c");
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constantFrom("create", "update", "delete" as const), name: names }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("cut" as const),
      mode: fc.constantFrom("end", "reset" as const),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "expire" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom("reset", "fail" as const),
      verb: fc.constantFrom("list", "watch" as const),
    }),
  },
);

describe("informer model (fast-check)", () => {
  it.runIf(LOCAL)(
    "local-only: after any mix of writes and faults the cache equals a fresh list, and deliveries never go back in time",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 16 }), async (ops) => {
          const ns = await cluster.namespace(`model-${run++}`);
          const clock = new FakeClock();
          const informer = new Informer(cluster.client().workflows, { namespace: ns, clock });
          const last = new Map<string, { rv: string; uid: string }>();
          let backwards = 0;
          const check = (o: Workflow) => {
            const prev = last.get(objectKey(o));
            if (
              prev?.uid === o.metadata.uid &&
              (compareResourceVersions(o.metadata.resourceVersion, prev?.rv) ?? 1) <= 0
            )
              backwards++;
            last.set(objectKey(o), { rv: o.metadata.resourceVersion ?? "", uid: o.metadata.uid ?? "" });
          };
          informer.addEventHandler({
            onAdd: check,
            onUpdate: (_o, n) => check(n),
            onDelete: (o) => last.delete(objectKey(o)),
          });
          informer.start();
          try {
            await driveUntil(clock, () => informer.hasSynced(), "sync");
            for (const o of ops) {
              const match = { resource: "workflows", namespace: ns };
              switch (o.kind) {
                case "create":
                  await admin.workflows
                    .create({ metadata: { name: o.name, namespace: ns }, spec: {} })
                    .catch(() => undefined);
                  break;
                case "update":
                  await admin.workflows
                    .patch(ns, o.name, { spec: { n: Math.random() } })
                    .catch(() => undefined);
                  break;
                case "delete":
                  await admin.workflows.delete(ns, o.name).catch(() => undefined);
                  break;
                case "cut":
                  server.faults.cutWatches(match, o.mode);
                  break;
                case "expire":
                  server.faults.expireHistory();
                  break;
                case "reset":
                  server.faults.resetNext(1, { ...match, verb: o.verb });
                  break;
                case "fail":
                  server.faults.failNext(1, { ...match, verb: o.verb }, 503);
                  break;
              }
              await clock.advance(100);
            }
            // Faults not yet consumed would only fire later: drop them, then wait for convergence.
            server.faults.clear();
            await driveUntil(
              clock,
              async () => {
                const fresh = await admin.workflows.list(ns);
                const want = fresh.items.map((w) => `${objectKey(w)}@${w.metadata.resourceVersion}`).sort();
                const have = informer.store
                  .list()
                  .map((w) => `${objectKey(w)}@${w.metadata.resourceVersion}`)
                  .sort();
                return JSON.stringify(want) === JSON.stringify(have);
              },
              "convergence",
              1000,
            );
            expect(backwards).toBe(0);
          } finally {
            await informer.stop();
          }
        }),
        {
          numRuns: 40,
          // The classic: an object deleted while the watch is down and the history compacted.
          examples: [
            [
              [
                { kind: "create", name: "a" },
                { kind: "cut", mode: "reset" },
                { kind: "delete", name: "a" },
                { kind: "expire" },
              ],
            ],
          ],
        },
      );
    },
    60_000,
  );
});
