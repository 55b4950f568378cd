import { describe, expect, it } from "vitest";
import { ObjectStore } from "./object-store.js";

const cm = (name: string, ns = "default") => ({ metadata: { name, namespace: ns }, data: { k: name } });

describe("ObjectStore", () => {
  it("stamps one increasing resourceVersion across buckets and never mutates what it stored", () => {
    const s = new ObjectStore();
    const a = s.put("/configmaps", cm("a"));
    const b = s.put("/secrets", cm("b"));
    expect([a.object.metadata.resourceVersion, b.object.metadata.resourceVersion]).toEqual(["1", "2"]);
    const a2 = s.put("/configmaps", { ...cm("a"), data: { k: "2" } });
    expect(a2.type).toBe("MODIFIED");
    expect(a2.previous).toBe(a.object);
    expect(a.object.data).toEqual({ k: "a" });
    const del = s.remove("/configmaps", "default", "a");
    expect(del?.type).toBe("DELETED");
    expect(del?.object.metadata.resourceVersion).toBe("4");
    expect(s.get("/configmaps", "default", "a")).toBeUndefined();
  });

  it("lists in namespace/name order, optionally within one namespace", () => {
    const s = new ObjectStore();
    for (const [n, ns] of [
      ["b", "y"],
      ["a", "y"],
      ["c", "x"],
    ] as const)
      s.put("/cm", cm(n, ns));
    expect(s.list("/cm").map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "x/c",
      "y/a",
      "y/b",
    ]);
    expect(s.list("/cm", "y").map((o) => o.metadata.name)).toEqual(["a", "b"]);
  });

  it("replays history after a resourceVersion and expires what the bounded history lost", () => {
    const s = new ObjectStore({ historySize: 3 });
    for (const n of ["a", "b", "c", "d", "e"]) s.put("/cm", cm(n));
    expect(s.eventsSince("/cm", 3)).toHaveLength(2);
    const since2 = s.eventsSince("/cm", 2);
    expect(since2 === "expired" ? since2 : since2.map((e) => e.object.metadata.name)).toEqual([
      "c",
      "d",
      "e",
    ]);
    expect(s.eventsSince("/cm", 1)).toBe("expired");
    s.compactHistory();
    expect(s.eventsSince("/cm", 4)).toBe("expired");
    expect(s.eventsSince("/cm", 5)).toEqual([]);
  });

  it("rebuilds the state at an earlier resourceVersion from the history", () => {
    const s = new ObjectStore();
    s.put("/cm", cm("a"));
    s.put("/cm", cm("b"));
    s.put("/cm", { ...cm("a"), data: { k: "changed" } });
    s.remove("/cm", "default", "b");
    s.put("/cm", cm("c"));
    const at2 = s.listAt("/cm", 2);
    expect(
      at2 === "expired" ? at2 : at2.map((o) => `${o.metadata.name}:${String((o.data as { k: string }).k)}`),
    ).toEqual(["a:a", "b:b"]);
    const at4 = s.listAt("/cm", 4);
    expect(at4 === "expired" ? at4 : at4.map((o) => o.metadata.name)).toEqual(["a"]);
    s.compactHistory();
    expect(s.listAt("/cm", 2)).toBe("expired");
  });

  it("notifies bucket and global subscribers synchronously, until they unsubscribe", () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    const off = s.subscribe("/cm", (e) => seen.push(`${e.type}:${e.object.metadata.name}`));
    const offAll = s.subscribeAll((bucket, e) => seen.push(`${bucket}:${e.resourceVersion}`));
    s.put("/cm", cm("a"));
    off();
    offAll();
    s.put("/cm", cm("b"));
    expect(seen).toEqual(["/cm:1", "ADDED:a"]);
  });

  it("rejects a nonsensical history size", () => {
    expect(() => new ObjectStore({ historySize: 0 })).toThrow(/historySize/);
  });
});
