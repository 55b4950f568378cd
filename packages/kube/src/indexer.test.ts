import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byLabel, byOwnerUid, Indexer } from "./indexer.js";
import type { KubeObject } from "./types.js";

const objects = fc.record({
  ns: fc.constantFrom("a", "b"),
  name: fc.constantFrom("x", "y", "z"),
  owner: fc.option(fc.constantFrom("u1", "u2"), { nil: undefined }),
  tier: fc.option(fc.constantFrom("web", "db"), { nil: undefined }),
});
const ops = fc.array(fc.tuple(fc.boolean(), objects), { maxLength: 40 });

function make(o: {
  ns: string;
  name: string;
  owner: string | undefined;
  tier: string | undefined;
}): KubeObject {
  return {
    metadata: {
      namespace: o.ns,
      name: o.name,
      ...(o.owner === undefined
        ? {}
        : { ownerReferences: [{ apiVersion: "v1", kind: "W", name: "w", uid: o.owner }] }),
      ...(o.tier === undefined ? {} : { labels: { tier: o.tier } }),
    },
  };
}

describe("Indexer", () => {
  it("every index answers what a scan of the current objects answers, after any sequence of writes", () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const idx = new Indexer<KubeObject>({ owner: byOwnerUid, tier: byLabel("tier") });
        const model = new Map<string, KubeObject>();
        for (const [del, o] of sequence) {
          const obj = make(o);
          const key = `${o.ns}/${o.name}`;
          if (del) {
            idx.delete(key);
            model.delete(key);
          } else {
            idx.set(obj);
            model.set(key, obj);
          }
        }
        const names = (list: KubeObject[]) =>
          list.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
        const all = [...model.values()];
        expect(names(idx.list())).toEqual(names(all));
        for (const ns of ["a", "b"])
          expect(names(idx.listNamespace(ns))).toEqual(names(all.filter((o) => o.metadata.namespace === ns)));
        for (const uid of ["u1", "u2"])
          expect(names(idx.byIndex("owner", uid))).toEqual(
            names(all.filter((o) => o.metadata.ownerReferences?.[0]?.uid === uid)),
          );
        for (const tier of ["web", "db"])
          expect(names(idx.byIndex("tier", tier))).toEqual(
            names(all.filter((o) => o.metadata.labels?.tier === tier)),
          );
      }),
      { numRuns: 300 },
    );
  });

  it("an unknown index is an error naming it", () => {
    expect(() => new Indexer().byIndex("uid", "x")).toThrow('no index named "uid"');
  });
});
