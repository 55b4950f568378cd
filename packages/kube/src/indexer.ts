import { objectKey } from "./object-key.js";
import type { KubeObject } from "./types.js";

/** Returns the index values of an object (none, one or several). */
export type IndexFunc<T> = (obj: T) => readonly string[];

export const NAMESPACE_INDEX = "namespace";

/** Index by `metadata.uid`. */
export const byUid: IndexFunc<KubeObject> = (obj) => (obj.metadata.uid ? [obj.metadata.uid] : []);
/** Index by every owner's uid (`ownerReferences[].uid`): find a workflow's pods with `byIndex("owner", wf.uid)`. */
export const byOwnerUid: IndexFunc<KubeObject> = (obj) =>
  (obj.metadata.ownerReferences ?? []).map((o) => o.uid);
/** Index by the value of one label. */
export function byLabel(label: string): IndexFunc<KubeObject> {
  return (obj) => {
    const v = obj.metadata.labels?.[label];
    return v === undefined ? [] : [v];
  };
}

/**
 * client-go's thread-safe store with indexers: objects by `namespace/name`, plus named indexes kept up to date on
 * every write. The `namespace` index is always there.
 */
export class Indexer<T extends KubeObject> {
  readonly #items = new Map<string, T>();
  readonly #funcs = new Map<string, IndexFunc<T>>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Readonly<Record<string, IndexFunc<T>>> = {}) {
    this.#funcs.set(NAMESPACE_INDEX, (obj) => (obj.metadata.namespace ? [obj.metadata.namespace] : []));
    for (const [name, fn] of Object.entries(indexers)) {
      if (typeof fn !== "function") throw new TypeError(`indexers.${name} must be a function`);
      this.#funcs.set(name, fn);
    }
    for (const name of this.#funcs.keys()) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#items.size;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  /** Objects of one namespace. */
  listNamespace(namespace: string): T[] {
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  /** Objects whose index `name` yields `value`. Throws for an unknown index. */
  byIndex(name: string, value: string): T[] {
    const index = this.#indexes.get(name);
    if (index === undefined) throw new TypeError(`no index named "${name}"`);
    const keys = index.get(value);
    if (keys === undefined) return [];
    const out: T[] = [];
    for (const k of keys) {
      const obj = this.#items.get(k);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  /** Stores `obj` under its key; returns the previous object. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old !== undefined) this.#unindex(key, old);
    this.#items.set(key, obj);
    this.#index(key, obj);
    return old;
  }

  delete(key: string): T | undefined {
    const old = this.#items.get(key);
    if (old === undefined) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  #index(key: string, obj: T): void {
    for (const [name, fn] of this.#funcs) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(obj)) {
        let set = index.get(value);
        if (set === undefined) {
          set = new Set();
          index.set(value, set);
        }
        set.add(key);
      }
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#funcs) {
      const index = this.#indexes.get(name) as Map<string, Set<string>>;
      for (const value of fn(obj)) {
        const set = index.get(value);
        set?.delete(key);
        if (set?.size === 0) index.delete(value);
      }
    }
  }
}
