/**
 * In-memory object storage: one monotonic resourceVersion counter for every write, per-resource buckets,
 * and a bounded per-resource event history that watches replay from.
 * Stored objects are never mutated after a write: readers may serialise them directly.
 */
import type { KubeObject, StoreEvent } from "./types.js";

export type StoreListener = (bucket: string, event: StoreEvent) => void;

class Bucket {
  readonly objects = new Map<string, KubeObject>();
  readonly history: StoreEvent[] = [];
  /** Every event with a resourceVersion above this one is still in `history`. */
  compactedRv: number;
  readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(compactedRv: number) {
    this.compactedRv = compactedRv;
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

export interface ObjectStoreOptions {
  /** Events kept per resource for watch replay (default 1000). */
  historySize?: number;
}

export class ObjectStore {
  #rv = 0;
  /** The resourceVersion below which history began (after a restore, nothing older can be replayed). */
  #baseRv = 0;
  readonly #buckets = new Map<string, Bucket>();
  readonly #historySize: number;
  readonly #globalListeners = new Set<StoreListener>();

  constructor(options: ObjectStoreOptions = {}) {
    this.#historySize = options.historySize ?? 1000;
    if (!Number.isInteger(this.#historySize) || this.#historySize < 1) {
      throw new Error(`historySize must be a positive integer, got ${this.#historySize}`);
    }
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  #bucket(key: string): Bucket {
    let b = this.#buckets.get(key);
    if (b === undefined) {
      b = new Bucket(this.#baseRv);
      this.#buckets.set(key, b);
    }
    return b;
  }

  get(bucket: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#buckets.get(bucket)?.objects.get(objectKey(namespace, name));
  }

  /** Objects of a bucket, optionally of one namespace, sorted by namespace then name (etcd key order). */
  list(bucket: string, namespace?: string): KubeObject[] {
    const b = this.#buckets.get(bucket);
    if (b === undefined) return [];
    const out: [string, KubeObject][] = [];
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    for (const [key, obj] of b.objects) {
      if (prefix === undefined || key.startsWith(prefix)) out.push([key, obj]);
    }
    out.sort((a, c) => (a[0] < c[0] ? -1 : a[0] > c[0] ? 1 : 0));
    return out.map((e) => e[1]);
  }

  /**
   * Objects of a bucket as they were right after resourceVersion `rv` (rebuilt by undoing the newer history), or
   * "expired" when the history no longer reaches back that far. Sorted like list().
   */
  listAt(bucket: string, rv: number, namespace?: string): KubeObject[] | "expired" {
    if (rv >= this.#rv) return this.list(bucket, namespace);
    const b = this.#buckets.get(bucket);
    if (b === undefined) return rv < this.#baseRv ? "expired" : [];
    if (rv < b.compactedRv) return "expired";
    const state = new Map(b.objects);
    for (let i = b.history.length - 1; i >= 0; i--) {
      const ev = b.history[i];
      if (ev === undefined || ev.resourceVersion <= rv) break;
      const key = objectKey(ev.object.metadata.namespace, ev.object.metadata.name ?? "");
      if (ev.type === "ADDED" || ev.previous === undefined) state.delete(key);
      else state.set(key, ev.previous);
    }
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    return [...state.entries()]
      .filter(([key]) => prefix === undefined || key.startsWith(prefix))
      .sort((a, c) => (a[0] < c[0] ? -1 : a[0] > c[0] ? 1 : 0))
      .map((e) => e[1]);
  }

  count(bucket: string): number {
    return this.#buckets.get(bucket)?.objects.size ?? 0;
  }

  bucketNames(): string[] {
    return [...this.#buckets.keys()];
  }

  /** Stores a new or changed object, stamping the next resourceVersion; returns what was stored. */
  put(bucket: string, object: KubeObject): StoreEvent {
    const b = this.#bucket(bucket);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? "");
    const previous = b.objects.get(key);
    const rv = ++this.#rv;
    const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    b.objects.set(key, stored);
    const event: StoreEvent =
      previous === undefined
        ? { type: "ADDED", object: stored, resourceVersion: rv }
        : { type: "MODIFIED", object: stored, previous, resourceVersion: rv };
    this.#emit(bucket, b, event);
    return event;
  }

  remove(bucket: string, namespace: string | undefined, name: string): StoreEvent | undefined {
    const b = this.#buckets.get(bucket);
    const key = objectKey(namespace, name);
    const previous = b?.objects.get(key);
    if (b === undefined || previous === undefined) return undefined;
    b.objects.delete(key);
    const rv = ++this.#rv;
    const last: KubeObject = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(rv) } };
    const event: StoreEvent = { type: "DELETED", object: last, previous, resourceVersion: rv };
    this.#emit(bucket, b, event);
    return event;
  }

  /** Drops a whole bucket's objects silently (a CRD's storage after its instances were deleted). */
  drop(bucket: string): void {
    this.#buckets.delete(bucket);
  }

  #emit(name: string, b: Bucket, event: StoreEvent): void {
    b.history.push(event);
    if (b.history.length > this.#historySize) {
      const evicted = b.history.shift();
      if (evicted !== undefined) b.compactedRv = evicted.resourceVersion;
    }
    for (const l of this.#globalListeners) l(name, event);
    for (const l of b.listeners) l(event);
  }

  /** Events of a bucket after `rv`, or "expired" when history no longer reaches back that far. */
  eventsSince(bucket: string, rv: number): StoreEvent[] | "expired" {
    const b = this.#bucket(bucket);
    if (rv < b.compactedRv) return "expired";
    let lo = 0;
    let hi = b.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((b.history[mid]?.resourceVersion ?? 0) <= rv) lo = mid + 1;
      else hi = mid;
    }
    return b.history.slice(lo);
  }

  /** The oldest resourceVersion a watch on `bucket` can still start from. */
  oldestWatchable(bucket: string): number {
    return this.#bucket(bucket).compactedRv;
  }

  /** Forgets every bucket's history (fault injection: old resourceVersions get 410 Gone). */
  compactHistory(bucket?: string): void {
    for (const [name, b] of this.#buckets) {
      if (bucket !== undefined && name !== bucket) continue;
      b.history.length = 0;
      b.compactedRv = this.#rv;
    }
    if (bucket === undefined) this.#baseRv = this.#rv;
  }

  subscribe(bucket: string, listener: (event: StoreEvent) => void): () => void {
    const b = this.#bucket(bucket);
    b.listeners.add(listener);
    return () => b.listeners.delete(listener);
  }

  /** Every write of every bucket (controllers, persistence). */
  subscribeAll(listener: StoreListener): () => void {
    this.#globalListeners.add(listener);
    return () => this.#globalListeners.delete(listener);
  }

  /** Restores persisted objects without emitting events; history starts empty at `rv`. */
  restore(rv: number, objects: Iterable<[string, KubeObject]>): void {
    this.#rv = Math.max(this.#rv, rv);
    this.#baseRv = this.#rv;
    for (const [bucket, obj] of objects) {
      this.#bucket(bucket).objects.set(objectKey(obj.metadata.namespace, obj.metadata.name ?? ""), obj);
    }
    for (const b of this.#buckets.values()) b.compactedRv = this.#rv;
  }
}
