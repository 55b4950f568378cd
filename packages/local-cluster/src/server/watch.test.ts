import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { builtinResources } from "./builtin-resources.js";
import { ObjectStore } from "./object-store.js";
import type { ResourceType } from "./resource-type.js";
import { parseLabelSelector } from "./selectors.js";
import type { Clock } from "./types.js";
import { type OpenWatch, serveWatch, type WatchRequest } from "./watch.js";

class FakeClock implements Clock {
  #now = 0;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #next = 0;
  now(): Date {
    return new Date(this.#now);
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#timers.push({ at: this.#now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const end = this.#now + ms;
    while (true) {
      this.#timers.sort((a, b) => a.at - b.at);
      const t = this.#timers[0];
      if (t === undefined || t.at > end) break;
      this.#timers.shift();
      this.#now = t.at;
      t.fn();
    }
    this.#now = end;
  }
}

class FakeResponse {
  status = 0;
  body = "";
  ended = false;
  readonly #listeners: (() => void)[] = [];
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  flushHeaders() {}
  write(chunk: string) {
    this.body += chunk;
    return true;
  }
  end() {
    this.ended = true;
    for (const l of this.#listeners) l();
  }
  on(_event: string, fn: () => void) {
    this.#listeners.push(fn);
    return this;
  }
  get events(): {
    type: string;
    object: { metadata?: { name?: string; resourceVersion?: string }; code?: number };
  }[] {
    return this.body
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
  }
}

const configmaps = builtinResources().find((r) => r.plural === "configmaps") as ResourceType;
const cm = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "ns", labels },
});

function open(store: ObjectStore, clock: FakeClock, req: Partial<WatchRequest>) {
  const res = new FakeResponse();
  const watches = new Set<OpenWatch>();
  serveWatch(
    res as unknown as ServerResponse,
    {
      rt: configmaps,
      version: "v1",
      namespace: "ns",
      filter: { labels: [], fields: [] },
      resourceVersion: "",
      allowBookmarks: false,
      sendInitialEvents: undefined,
      timeoutSeconds: undefined,
      ...req,
    },
    { store, clock, bookmarkIntervalMs: 1000, open: watches, present: (o) => o },
  );
  return { res, watches };
}

describe("serveWatch", () => {
  it("sends the current objects first when no resourceVersion is given, then live changes", () => {
    const store = new ObjectStore();
    const clock = new FakeClock();
    store.put("/configmaps", cm("a"));
    const { res } = open(store, clock, {});
    store.put("/configmaps", { ...cm("a"), data: { x: "1" } });
    store.remove("/configmaps", "ns", "a");
    expect(res.status).toBe(200);
    expect(res.events.map((e) => `${e.type}:${e.object.metadata?.resourceVersion}`)).toEqual([
      "ADDED:1",
      "MODIFIED:2",
      "DELETED:3",
    ]);
  });

  it("replays after a resourceVersion and answers an expired one with a single 410 ERROR event", () => {
    const store = new ObjectStore({ historySize: 2 });
    const clock = new FakeClock();
    for (const n of ["a", "b", "c"]) store.put("/configmaps", cm(n));
    const replay = open(store, clock, { resourceVersion: "1" }).res;
    expect(replay.events.map((e) => e.object.metadata?.name)).toEqual(["b", "c"]);
    const fromZero = open(store, clock, { resourceVersion: "0" }).res;
    expect(fromZero.events.map((e) => e.type)).toEqual(["ADDED", "ADDED", "ADDED"]);
    store.compactHistory();
    store.put("/configmaps", cm("d"));
    const gone = open(store, clock, { resourceVersion: "2" }).res;
    expect(gone.events).toEqual([
      { type: "ERROR", object: expect.objectContaining({ kind: "Status", code: 410, reason: "Expired" }) },
    ]);
    expect(gone.ended).toBe(true);
  });

  it("turns selector transitions into ADDED and DELETED", () => {
    const store = new ObjectStore();
    const clock = new FakeClock();
    const { res } = open(store, clock, {
      resourceVersion: "0",
      filter: { labels: parseLabelSelector("on=yes"), fields: [] },
    });
    store.put("/configmaps", cm("a", { on: "no" }));
    store.put("/configmaps", cm("a", { on: "yes" }));
    store.put("/configmaps", cm("a", { on: "yes", more: "1" }));
    store.put("/configmaps", cm("a", { on: "no" }));
    expect(res.events.map((e) => `${e.type}:${e.object.metadata?.resourceVersion}`)).toEqual([
      "ADDED:2",
      "MODIFIED:3",
      "DELETED:4",
    ]);
  });

  it("sends BOOKMARKs on the injected clock and ends the stream at timeoutSeconds", () => {
    const store = new ObjectStore();
    const clock = new FakeClock();
    const { res, watches } = open(store, clock, {
      resourceVersion: "0",
      allowBookmarks: true,
      timeoutSeconds: 3,
    });
    expect(watches.size).toBe(1);
    store.put("/configmaps", cm("a"));
    clock.advance(1000);
    expect(res.events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(res.events[1]?.object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { resourceVersion: "1" },
    });
    clock.advance(2000);
    expect(res.ended).toBe(true);
    expect(watches.size).toBe(0);
    store.put("/configmaps", cm("b"));
    expect(res.events.filter((e) => e.type === "ADDED")).toHaveLength(1);
  });

  it("ignores other namespaces", () => {
    const store = new ObjectStore();
    const { res } = open(store, new FakeClock(), { resourceVersion: "0" });
    store.put("/configmaps", { ...cm("x"), metadata: { name: "x", namespace: "other" } });
    expect(res.events).toEqual([]);
  });
});
