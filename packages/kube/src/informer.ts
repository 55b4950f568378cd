import pino, { type Logger } from "pino";
import { type Clock, pause, systemClock } from "./clock.js";
import { apiError, GoneError, toKubeApiError } from "./errors.js";
import { Indexer, type IndexFunc } from "./indexer.js";
import type { InformerHandlers, InformerState } from "./informer-types.js";
import { compareResourceVersions, objectKey } from "./object-key.js";
import type { ResourceClient } from "./resource-client.js";
import type { KubeObject, ObjectReference } from "./types.js";
import { type RawWatchEvent, watchStream } from "./watch-stream.js";

/** Reports an object that failed to decode: `key` is `namespace/name` when the object had one. */
export interface UndecodableReport {
  readonly informer: string;
  readonly key: string | undefined;
  readonly problem: string;
  /** A reference for an Event about the object, when it had a name. */
  readonly ref: ObjectReference | undefined;
}

export interface InformerOptions<T extends KubeObject> {
  /** Names the informer in logs (default: the resource plural). */
  name?: string;
  /** Watch one namespace (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Extra indexes besides `namespace`, e.g. `{ uid: byUid, owner: byOwnerUid }`. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Validates an object from the server and returns it typed; throwing reports and skips the object. */
  decode?: (obj: KubeObject) => T;
  /** Re-deliver every cached object as `onUpdate(obj, obj, { resync: true })` this often. Default 0 (off). */
  resyncPeriodMs?: number;
  /** Re-list when no event or bookmark arrives for this long. Default 5 min; must exceed the bookmark interval. */
  livenessTimeoutMs?: number;
  /** Backoff between failed attempts: from `initialMs` (800) doubling to `maxMs` (30 s), with jitter. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** List page size (default 500; 0: one request). */
  pageSize?: number;
  /** Server-side watch timeout; default random in [300, 600) s as client-go. */
  watchTimeoutSeconds?: number;
  /** Called for every object skipped because it failed to decode (after the log line). */
  onUndecodable?: (report: UndecodableReport) => void;
  /** Called on every state change. */
  onState?: (state: InformerState) => void;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
}

class SilentWatch extends Error {
  constructor(ms: number) {
    super(`no watch event or bookmark for ${ms} ms`);
    this.name = "SilentWatch";
  }
}

function positive(name: string, value: number | undefined, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TypeError(
      `informer: ${name} must be a number ${allowZero ? ">= 0" : "> 0"}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * A list-watch cache that never gives up while it runs: lists (in pages), watches from the list's resourceVersion
 * with bookmarks, reconnects from the last resourceVersion after a watch ends or fails (backoff 800 ms → 30 s),
 * re-lists on 410 Gone and when the watch goes silent, and resyncs periodically. Objects are kept in an indexed
 * cache; handlers see add / update / delete, never an object older than one already delivered for that key.
 */
export class Informer<T extends KubeObject> {
  readonly name: string;
  readonly store: Indexer<T>;
  readonly #client: ResourceClient<T>;
  readonly #handlers: InformerHandlers<T>[] = [];
  readonly #options: InformerOptions<T>;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  readonly #livenessMs: number;
  readonly #resyncMs: number;
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #pageSize: number;
  #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #needList = true;
  #attempt = 0;
  #synced = false;
  #syncWaiters: Array<() => void> = [];
  #resyncTimer: { cancel(): void } | undefined;
  #state: Omit<InformerState, "objects" | "synced">;

  constructor(client: ResourceClient<T>, options: InformerOptions<T> = {}) {
    this.#client = client;
    this.#options = options;
    this.name = options.name ?? client.type.plural;
    this.store = new Indexer<T>(options.indexers ?? {});
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = (options.logger ?? pino({ level: "silent" })).child({ informer: this.name });
    this.#livenessMs = positive("livenessTimeoutMs", options.livenessTimeoutMs, 300_000, false);
    this.#resyncMs = positive("resyncPeriodMs", options.resyncPeriodMs, 0, true);
    this.#initialBackoffMs = positive("backoff.initialMs", options.backoff?.initialMs, 800, false);
    this.#maxBackoffMs = positive("backoff.maxMs", options.backoff?.maxMs, 30_000, false);
    this.#pageSize = positive("pageSize", options.pageSize, 500, true);
    if (options.decode !== undefined && typeof options.decode !== "function") {
      throw new TypeError("informer: decode must be a function");
    }
    this.#state = {
      phase: "idle",
      resourceVersion: "",
      lists: 0,
      watches: 0,
      goneRelists: 0,
      livenessRelists: 0,
      errors: 0,
      undecodable: 0,
      lastError: undefined,
      retryAt: undefined,
    };
  }

  /** Starts listing and watching (idempotent). Runs until `stop()`. */
  start(): this {
    if (this.#loop === undefined) {
      this.#loop = this.#run();
      if (this.#resyncMs > 0) this.#armResync();
    }
    return this;
  }

  /** Stops watching and waits for the loop to end. The cache keeps its content. */
  async stop(): Promise<void> {
    this.#stop.abort(new Error(`informer ${this.name} stopped`));
    this.#resyncTimer?.cancel();
    await this.#loop;
    this.#set({ phase: "stopped" });
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves once the first list is in the cache (at once if it is); rejects if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#syncWaiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  state(): InformerState {
    return { ...this.#state, objects: this.store.size, synced: this.#synced };
  }

  /** The cached object `namespace/name`. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(namespace === undefined ? name : `${namespace}/${name}`);
  }

  /**
   * Adds handlers. Added after the first sync, they first get every cached object as `onAdd(obj, { initialList:
   * true })`. Returns a function that removes them.
   */
  addEventHandler(handlers: InformerHandlers<T>): () => void {
    this.#handlers.push(handlers);
    if (this.#synced) {
      for (const obj of this.store.list())
        this.#call("onAdd", () => handlers.onAdd?.(obj, { initialList: true }));
    }
    return () => {
      const i = this.#handlers.indexOf(handlers);
      if (i >= 0) this.#handlers.splice(i, 1);
    };
  }

  #set(patch: Partial<Omit<InformerState, "objects" | "synced">>): void {
    const before = this.#state.phase;
    this.#state = { ...this.#state, ...patch };
    if (patch.phase !== undefined && patch.phase !== before)
      this.#log.debug({ phase: patch.phase }, "informer phase");
    if (this.#options.onState !== undefined) {
      try {
        this.#options.onState(this.state());
      } catch {
        // observers never change the outcome
      }
    }
  }

  #call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err, handler: what }, "informer handler threw; continuing");
    }
  }

  #emitAdd(obj: T, initialList: boolean): void {
    for (const h of this.#handlers) this.#call("onAdd", () => h.onAdd?.(obj, { initialList }));
  }

  #emitUpdate(oldObj: T, newObj: T, resync: boolean): void {
    for (const h of this.#handlers) this.#call("onUpdate", () => h.onUpdate?.(oldObj, newObj, { resync }));
  }

  #emitDelete(obj: T, finalStateUnknown: boolean): void {
    for (const h of this.#handlers) this.#call("onDelete", () => h.onDelete?.(obj, { finalStateUnknown }));
  }

  #armResync(): void {
    this.#resyncTimer = this.#clock.setTimer(
      () => {
        if (this.#stop.signal.aborted) return;
        if (this.#synced) for (const obj of this.store.list()) this.#emitUpdate(obj, obj, true);
        this.#armResync();
      },
      this.#resyncMs,
      { unref: true },
    );
  }

  #nextBackoff(): number {
    const base = Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.min(this.#maxBackoffMs, base * (1 + this.#random()));
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      try {
        if (this.#needList) {
          this.#set({ phase: "listing", retryAt: undefined });
          await this.#listAndReplace(stop);
          this.#needList = false;
          this.#attempt = 0;
        }
        this.#set({ phase: "watching", retryAt: undefined });
        await this.#watchOnce(stop);
      } catch (err) {
        if (stop.aborted) break;
        // A 410 on the watch re-lists at once; one on the list itself goes through the backoff (no hot loop).
        if (err instanceof GoneError && !this.#needList) {
          this.#log.info(
            { resourceVersion: this.#state.resourceVersion },
            "resourceVersion too old (410 Gone); re-listing",
          );
          this.#needList = true;
          this.#set({ goneRelists: this.#state.goneRelists + 1, resourceVersion: "" });
          continue;
        }
        const typed = toKubeApiError(err);
        const delay = Math.max(this.#nextBackoff(), typed?.retryAfterMs ?? 0);
        const message = err instanceof Error ? err.message : String(err);
        const fields = { err, delayMs: Math.round(delay), relist: this.#needList };
        if (typed?.transient === false) this.#log.warn(fields, "list/watch failed; retrying after backoff");
        else this.#log.info(fields, "list/watch failed (transient); retrying after backoff");
        this.#set({
          phase: "backoff",
          errors: this.#state.errors + 1,
          lastError: message,
          retryAt: this.#clock.now() + delay,
        });
        await pause(this.#clock, delay, stop);
      }
    }
  }

  async #listAll(stop: AbortSignal): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const { namespace, labelSelector, fieldSelector } = this.#options;
    const base = {
      signal: stop,
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
    };
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion = "";
    do {
      let page: Awaited<ReturnType<ResourceClient<T>["list"]>>;
      try {
        page = await this.#client.list(namespace, {
          ...base,
          ...(this.#pageSize > 0 ? { limit: this.#pageSize } : {}),
          ...(cont === undefined ? {} : { continue: cont }),
        });
      } catch (err) {
        if (cont === undefined || !(err instanceof GoneError)) throw err;
        // The continue token expired mid-list: take the whole list in one request instead.
        this.#set({ goneRelists: this.#state.goneRelists + 1 });
        items.length = 0;
        const all = await this.#client.list(namespace, base);
        return { items: all.items, resourceVersion: all.metadata.resourceVersion ?? "" };
      }
      items.push(...page.items);
      resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
      cont = page.metadata.continue || undefined;
    } while (cont !== undefined);
    return { items, resourceVersion };
  }

  async #listAndReplace(stop: AbortSignal): Promise<void> {
    const { items, resourceVersion } = await this.#listAll(stop);
    if (stop.aborted) return;
    const initial = !this.#synced;
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = this.#decode(raw);
      const key = raw.metadata?.name === undefined ? undefined : objectKey(raw);
      if (key !== undefined) seen.add(key);
      if (obj !== undefined) this.#upsert(obj, initial);
    }
    for (const key of this.store.keys()) {
      if (seen.has(key)) continue;
      const old = this.store.delete(key);
      if (old !== undefined) this.#emitDelete(old, true);
    }
    this.#set({ lists: this.#state.lists + 1, resourceVersion });
    if (!this.#synced) {
      this.#synced = true;
      const waiters = this.#syncWaiters;
      this.#syncWaiters = [];
      for (const w of waiters) w();
      this.#set({});
    }
  }

  #upsert(obj: T, initialList: boolean): void {
    const old = this.store.get(objectKey(obj));
    if (old === undefined) {
      this.store.set(obj);
      this.#emitAdd(obj, initialList);
      return;
    }
    if (old.metadata.uid === obj.metadata.uid) {
      const cmp = compareResourceVersions(obj.metadata.resourceVersion, old.metadata.resourceVersion);
      if (cmp !== undefined && cmp <= 0) return; // a duplicate or an older copy: never deliver it
      if (cmp === undefined && obj.metadata.resourceVersion === old.metadata.resourceVersion) return;
    }
    this.store.set(obj);
    this.#emitUpdate(old, obj, false);
  }

  async #watchOnce(stop: AbortSignal): Promise<void> {
    const ctl = new AbortController();
    const onStop = (): void => ctl.abort(stop.reason);
    stop.addEventListener("abort", onStop, { once: true });
    let lastActivity = this.#clock.now();
    let silent = false;
    let timer: { cancel(): void } | undefined;
    const check = (): void => {
      const idle = this.#clock.now() - lastActivity;
      if (idle >= this.#livenessMs) {
        silent = true;
        ctl.abort(new SilentWatch(this.#livenessMs));
      } else timer = this.#clock.setTimer(check, this.#livenessMs - idle, { unref: true });
    };
    timer = this.#clock.setTimer(check, this.#livenessMs, { unref: true });
    const timeoutSeconds = this.#options.watchTimeoutSeconds ?? Math.floor(300 * (1 + this.#random()));
    this.#set({ watches: this.#state.watches + 1 });
    let events = 0;
    try {
      await watchStream(
        this.#client.transport,
        this.#client.type,
        {
          namespace: this.#options.namespace,
          resourceVersion: this.#state.resourceVersion,
          labelSelector: this.#options.labelSelector,
          fieldSelector: this.#options.fieldSelector,
          allowWatchBookmarks: true,
          timeoutSeconds,
          signal: ctl.signal,
        },
        (event) => {
          lastActivity = this.#clock.now();
          events++;
          this.#attempt = 0;
          this.#onEvent(event);
        },
        (line, problem) => this.#reportUndecodable(undefined, `${problem}: ${line.slice(0, 200)}`),
      );
      // A server that closes watches at once would otherwise be hammered: back off as for an error.
      if (events === 0 && !stop.aborted) throw new Error("watch closed by the server before any event");
    } catch (err) {
      if (silent && !stop.aborted) {
        this.#log.warn({ livenessTimeoutMs: this.#livenessMs }, "watch silent too long; re-listing");
        this.#needList = true;
        this.#set({ livenessRelists: this.#state.livenessRelists + 1 });
        return;
      }
      throw err;
    } finally {
      timer?.cancel();
      stop.removeEventListener("abort", onStop);
      ctl.abort();
    }
  }

  #onEvent(event: RawWatchEvent): void {
    const raw = event.object;
    if (event.type === "ERROR") {
      const code = typeof raw.code === "number" ? raw.code : 500;
      throw apiError(code, JSON.stringify(raw));
    }
    const meta = raw.metadata as { resourceVersion?: unknown } | undefined;
    const rv = typeof meta?.resourceVersion === "string" ? meta.resourceVersion : undefined;
    if (event.type === "BOOKMARK") {
      if (rv !== undefined) this.#set({ resourceVersion: rv });
      return;
    }
    const obj = this.#decode(raw as unknown as KubeObject);
    if (obj !== undefined) {
      if (event.type === "DELETED") {
        const old = this.store.delete(objectKey(obj));
        if (old !== undefined) this.#emitDelete(obj, false);
      } else this.#upsert(obj, false);
    }
    if (rv !== undefined) this.#state = { ...this.#state, resourceVersion: rv };
  }

  #decode(raw: KubeObject): T | undefined {
    const meta = (raw as { metadata?: unknown }).metadata;
    if (typeof meta !== "object" || meta === null || typeof (meta as { name?: unknown }).name !== "string") {
      this.#reportUndecodable(undefined, "object without metadata.name");
      return undefined;
    }
    if (this.#options.decode === undefined) return raw as T;
    try {
      return this.#options.decode(raw);
    } catch (err) {
      this.#reportUndecodable(raw, err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }

  #reportUndecodable(raw: KubeObject | undefined, problem: string): void {
    const key = raw === undefined ? undefined : objectKey(raw);
    const ref: ObjectReference | undefined =
      raw === undefined
        ? undefined
        : {
            kind: raw.kind ?? this.#client.type.kind,
            name: raw.metadata.name as string,
            ...(raw.apiVersion === undefined ? {} : { apiVersion: raw.apiVersion }),
            ...(raw.metadata.namespace === undefined ? {} : { namespace: raw.metadata.namespace }),
            ...(raw.metadata.uid === undefined ? {} : { uid: raw.metadata.uid }),
          };
    this.#set({ undecodable: this.#state.undecodable + 1 });
    this.#log.warn({ key, problem }, "skipping an object that failed to decode");
    if (this.#options.onUndecodable !== undefined) {
      try {
        this.#options.onUndecodable({ informer: this.name, key, problem, ref });
      } catch {
        // observers never change the outcome
      }
    }
  }
}
