import { RateLimitingQueue } from "@weft/workqueue";
import { describe, expect, it } from "vitest";
import { enqueueHandler } from "./enqueue-handler.js";
import type { KubeObject } from "./types.js";

const obj = (name: string, rv: string): KubeObject => ({
  metadata: { name, namespace: "argo", resourceVersion: rv },
});

describe("enqueueHandler", () => {
  it("feeds namespace/name keys to a workqueue; skips updates that changed nothing", async () => {
    const queue = new RateLimitingQueue<string>();
    const h = enqueueHandler(queue, { filter: (o) => o.metadata.name !== "ignored" });
    h.onAdd?.(obj("a", "1"), { initialList: true });
    h.onAdd?.(obj("ignored", "1"), { initialList: true });
    h.onUpdate?.(obj("b", "1"), obj("b", "1"), { resync: false });
    h.onUpdate?.(obj("c", "1"), obj("c", "2"), { resync: false });
    h.onUpdate?.(obj("d", "1"), obj("d", "1"), { resync: true });
    h.onDelete?.(obj("e", "3"), { finalStateUnknown: true });
    h.onAdd?.(obj("a", "1"), { initialList: false });
    const keys: string[] = [];
    while (queue.len() > 0) {
      const got = await queue.get();
      if (!got.shutdown) {
        keys.push(got.item);
        queue.done(got.item);
      }
    }
    expect(keys).toEqual(["argo/a", "argo/c", "argo/d", "argo/e"]);
    queue.shutDown();
  });

  it("skipResync ignores periodic resyncs", () => {
    const added: string[] = [];
    const h = enqueueHandler({ add: (k) => added.push(k) }, { skipResync: true });
    h.onUpdate?.(obj("d", "1"), obj("d", "1"), { resync: true });
    expect(added).toEqual([]);
  });
});
