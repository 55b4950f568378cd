/**
 * Watch streams: HTTP 200 with chunked JSON lines `{"type":"ADDED","object":{...}}\n`, as kube-apiserver streams
 * them. Replays history from a resourceVersion (an ERROR event with a 410 Expired Status when too old), applies
 * selector transitions (an object that stops matching is DELETED, one that starts matching is ADDED), sends
 * BOOKMARKs when asked, and ends after timeoutSeconds.
 */
import type { ServerResponse } from "node:http";
import type { ObjectStore } from "./object-store.js";
import { apiVersionOf, type ResourceType, storageKey } from "./resource-type.js";
import { matchesFilter, type ObjectFilter } from "./selectors.js";
import { gone } from "./status.js";
import type { Clock, KubeObject, StoreEvent, WatchEventType } from "./types.js";

export interface WatchRequest {
  rt: ResourceType;
  version: string;
  namespace: string | undefined;
  filter: ObjectFilter;
  /** The resourceVersion query parameter ("" or "0": start with the current state as ADDED events). */
  resourceVersion: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
  /** Fault injection: cut this stream after so many milliseconds. */
  cutAfter?: { ms: number; mode: "end" | "reset" };
}

/** An open watch stream, as the fault injector sees it. */
export interface OpenWatch {
  readonly resource: string;
  readonly group: string;
  readonly namespace: string | undefined;
  /** Ends the stream: cleanly (chunked terminator) or by destroying the socket. */
  cut(mode: "end" | "reset"): void;
  /** Sends an ERROR event carrying this Status, then ends the stream (as the server does when a watch breaks). */
  fail(status: unknown): void;
}

export interface WatchContext {
  store: ObjectStore;
  clock: Clock;
  bookmarkIntervalMs: number;
  open: Set<OpenWatch>;
  /** Serialises an object for the requested version (CRDs rewrite apiVersion). */
  present: (obj: KubeObject) => KubeObject;
}

/** Stored objects are immutable: each is serialised once however many watchers receive it. */
const jsonCache = new WeakMap<object, string>();

function serialized(object: unknown): string {
  if (typeof object !== "object" || object === null) return JSON.stringify(object);
  let text = jsonCache.get(object);
  if (text === undefined) {
    text = JSON.stringify(object);
    jsonCache.set(object, text);
  }
  return text;
}

export function presentFor(rt: ResourceType, version: string): (obj: KubeObject) => KubeObject {
  const apiVersion = apiVersionOf(rt.group, version);
  return (obj) => (obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion });
}

export function serveWatch(res: ServerResponse, req: WatchRequest, ctx: WatchContext): void {
  const { store, clock } = ctx;
  const bucket = storageKey(req.rt);
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Cache-Control": "no-cache, private",
    "X-Content-Type-Options": "nosniff",
  });
  res.flushHeaders();
  let closed = false;
  let lastRv = store.resourceVersion;
  const write = (type: WatchEventType, object: unknown) => {
    if (closed) return;
    res.write(`{"type":"${type}","object":${serialized(object)}}\n`);
  };
  const inNamespace = (obj: KubeObject) =>
    req.namespace === undefined || obj.metadata.namespace === req.namespace;
  const matches = (obj: KubeObject | undefined) =>
    obj !== undefined && inNamespace(obj) && matchesFilter(req.filter, obj);
  const deliver = (ev: StoreEvent) => {
    lastRv = ev.resourceVersion;
    const now = matches(ev.object);
    if (ev.type === "ADDED") {
      if (now) write("ADDED", ctx.present(ev.object));
      return;
    }
    if (ev.type === "DELETED") {
      if (now) write("DELETED", ctx.present(ev.object));
      return;
    }
    const before = matches(ev.previous);
    if (now && before) write("MODIFIED", ctx.present(ev.object));
    else if (now) write("ADDED", ctx.present(ev.object));
    else if (before && ev.previous !== undefined) {
      const prev = ev.previous;
      write(
        "DELETED",
        ctx.present({ ...prev, metadata: { ...prev.metadata, resourceVersion: String(ev.resourceVersion) } }),
      );
    }
  };
  const bookmark = (annotations?: Record<string, string>) => {
    const metadata: Record<string, unknown> = { resourceVersion: String(lastRv) };
    if (annotations !== undefined) metadata.annotations = annotations;
    write("BOOKMARK", { kind: req.rt.kind, apiVersion: apiVersionOf(req.rt.group, req.version), metadata });
  };

  const rv = req.resourceVersion;
  const initial = req.sendInitialEvents ?? (rv === "" || rv === "0");
  let replay: StoreEvent[] = [];
  if (!initial) {
    const from = Number(rv);
    if (!Number.isInteger(from) || from < 0) {
      write("ERROR", gone(`too old resource version: ${rv} (${store.oldestWatchable(bucket)})`).toStatus());
      res.end();
      return;
    }
    const events = store.eventsSince(bucket, from);
    if (events === "expired") {
      write(
        "ERROR",
        gone(`too old resource version: ${from} (${store.oldestWatchable(bucket) + 1})`).toStatus(),
      );
      res.end();
      return;
    }
    replay = events;
  }

  const timers: unknown[] = [];
  const unsubscribe = store.subscribe(bucket, deliver);
  const handle: OpenWatch = {
    resource: req.rt.plural,
    group: req.rt.group,
    namespace: req.namespace,
    fail: (status) => {
      write("ERROR", status);
      finish();
      res.end();
    },
    cut: (mode) => {
      if (mode === "reset") {
        finish();
        res.socket?.destroy();
      } else {
        finish();
        res.end();
      }
    },
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clock.clearTimeout(t);
    ctx.open.delete(handle);
  };
  ctx.open.add(handle);
  res.on("close", finish);

  if (initial) {
    for (const obj of store.list(bucket, req.namespace)) {
      if (matchesFilter(req.filter, obj)) write("ADDED", ctx.present(obj));
    }
    lastRv = store.resourceVersion;
    if (req.sendInitialEvents === true && req.allowBookmarks)
      bookmark({ "k8s.io/initial-events-end": "true" });
  } else {
    for (const ev of replay) deliver(ev);
    lastRv = Math.max(lastRv, Number(rv));
  }

  if (req.allowBookmarks) {
    const schedule = () => {
      timers.push(
        clock.setTimeout(() => {
          if (closed) return;
          lastRv = Math.max(lastRv, store.resourceVersion);
          bookmark();
          schedule();
        }, ctx.bookmarkIntervalMs),
      );
    };
    schedule();
  }
  const cutAfter = req.cutAfter;
  if (cutAfter !== undefined) {
    timers.push(
      clock.setTimeout(() => {
        if (!closed) handle.cut(cutAfter.mode);
      }, cutAfter.ms),
    );
  }
  if (req.timeoutSeconds !== undefined && req.timeoutSeconds > 0) {
    timers.push(
      clock.setTimeout(() => {
        if (closed) return;
        finish();
        res.end();
      }, req.timeoutSeconds * 1000),
    );
  }
}
