/**
 * Garbage collection on ownerReferences, as kube-controller-manager's garbage collector does it:
 * dependents whose owners are all gone are deleted (background), dangling references next to a live owner are
 * removed, `foregroundDeletion` owners wait until their dependents are gone, `orphan` owners release them.
 */
import type { Logger } from "pino";
import { FOREGROUND_FINALIZER, type ObjectService, ORPHAN_FINALIZER } from "./object-service.js";
import type { ResourceType } from "./resource-type.js";
import type { KubeObject, StoreEvent } from "./types.js";

interface Location {
  bucket: string;
  namespace: string | undefined;
  name: string;
}

export type Defer = (fn: () => void) => void;

export class GarbageCollector {
  readonly #service: ObjectService;
  readonly #defer: Defer;
  readonly #log: Logger;
  /** uid -> where the object lives. */
  readonly #where = new Map<string, Location>();
  /** owner uid -> dependent uids. */
  readonly #dependents = new Map<string, Set<string>>();
  readonly #unsubscribe: () => void;

  constructor(service: ObjectService, defer: Defer, log: Logger) {
    this.#service = service;
    this.#defer = defer;
    this.#log = log;
    for (const bucket of service.store.bucketNames()) {
      for (const obj of service.store.list(bucket)) this.#index(bucket, obj);
    }
    this.#unsubscribe = service.store.subscribeAll((bucket, ev) => this.#onEvent(bucket, ev));
    for (const bucket of service.store.bucketNames()) {
      for (const obj of service.store.list(bucket)) this.#checkNew(bucket, obj);
    }
  }

  close(): void {
    this.#unsubscribe();
  }

  #index(bucket: string, obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (uid === undefined) return;
    this.#where.set(uid, { bucket, namespace: obj.metadata.namespace, name: obj.metadata.name ?? "" });
    for (const ref of obj.metadata.ownerReferences ?? []) {
      let set = this.#dependents.get(ref.uid);
      if (set === undefined) {
        set = new Set();
        this.#dependents.set(ref.uid, set);
      }
      set.add(uid);
    }
  }

  #unindex(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (uid === undefined) return;
    this.#where.delete(uid);
    for (const ref of obj.metadata.ownerReferences ?? []) this.#dependents.get(ref.uid)?.delete(uid);
  }

  #onEvent(bucket: string, ev: StoreEvent): void {
    if (ev.previous !== undefined) this.#unindex(ev.previous);
    if (ev.type === "DELETED") {
      const uid = ev.object.metadata.uid ?? "";
      this.#defer(() => this.#ownerGone(uid));
      for (const ref of ev.object.metadata.ownerReferences ?? [])
        this.#defer(() => this.#recheckOwner(ref.uid));
      return;
    }
    this.#index(bucket, ev.object);
    if (ev.type === "ADDED") this.#checkNew(bucket, ev.object);
    const fin = ev.object.metadata.finalizers ?? [];
    if (ev.object.metadata.deletionTimestamp !== undefined) {
      const uid = ev.object.metadata.uid ?? "";
      if (fin.includes(FOREGROUND_FINALIZER) || fin.includes(ORPHAN_FINALIZER))
        this.#defer(() => this.#recheckOwner(uid));
    }
  }

  #checkNew(bucket: string, obj: KubeObject): void {
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const uid = obj.metadata.uid ?? "";
    this.#defer(() => {
      const stillRefs = refs.filter((r) => this.#where.has(r.uid));
      if (stillRefs.length === 0 && this.#where.has(uid)) this.#deleteDependent(uid);
    });
    void bucket;
  }

  #typeOf(bucket: string): ResourceType | undefined {
    const slash = bucket.indexOf("/");
    return this.#service.registry.byGroupResource(bucket.slice(0, slash), bucket.slice(slash + 1));
  }

  #lookup(uid: string): { rt: ResourceType; obj: KubeObject } | undefined {
    const loc = this.#where.get(uid);
    if (loc === undefined) return undefined;
    const rt = this.#typeOf(loc.bucket);
    const obj = this.#service.store.get(loc.bucket, loc.namespace, loc.name);
    if (rt === undefined || obj === undefined || obj.metadata.uid !== uid) return undefined;
    return { rt, obj };
  }

  #safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.debug({ err, what }, "garbage collector step failed");
    }
  }

  /** An owner disappeared: delete dependents without any live owner, strip the dangling reference from the others. */
  #ownerGone(ownerUid: string): void {
    const deps = [...(this.#dependents.get(ownerUid) ?? [])];
    for (const dep of deps) {
      const found = this.#lookup(dep);
      if (found === undefined) continue;
      const refs = found.obj.metadata.ownerReferences ?? [];
      const live = refs.filter((r) => r.uid !== ownerUid && this.#where.has(r.uid));
      if (live.length === 0) {
        this.#deleteDependent(dep);
      } else {
        this.#safely("remove dangling owner reference", () => {
          const next = structuredClone(found.obj);
          next.metadata.ownerReferences = refs.filter((r) => r.uid !== ownerUid);
          this.#service.update(found.rt, next.metadata.namespace, next.metadata.name ?? "", next);
        });
      }
    }
    this.#dependents.delete(ownerUid);
  }

  #deleteDependent(uid: string): void {
    const found = this.#lookup(uid);
    if (found === undefined || found.obj.metadata.deletionTimestamp !== undefined) return;
    this.#safely("delete dependent", () => {
      this.#service.delete(found.rt, found.obj.metadata.namespace, found.obj.metadata.name ?? "", {
        propagationPolicy: "Background",
      });
    });
  }

  /** An owner being deleted with foregroundDeletion or orphan: act on its dependents, then drop the finalizer. */
  #recheckOwner(ownerUid: string): void {
    const owner = this.#lookup(ownerUid);
    if (owner === undefined || owner.obj.metadata.deletionTimestamp === undefined) return;
    const fin = owner.obj.metadata.finalizers ?? [];
    const deps = [...(this.#dependents.get(ownerUid) ?? [])].filter((d) => this.#lookup(d) !== undefined);
    if (fin.includes(ORPHAN_FINALIZER)) {
      for (const dep of deps) {
        const found = this.#lookup(dep);
        if (found === undefined) continue;
        this.#safely("orphan dependent", () => {
          const next = structuredClone(found.obj);
          next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter(
            (r) => r.uid !== ownerUid,
          );
          if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
          this.#service.update(found.rt, next.metadata.namespace, next.metadata.name ?? "", next);
        });
      }
      this.#safely("remove orphan finalizer", () =>
        this.#service.removeFinalizer(owner.rt, owner.obj, ORPHAN_FINALIZER),
      );
      return;
    }
    if (fin.includes(FOREGROUND_FINALIZER)) {
      // Every dependent is deleted; the owner waits only for those whose reference has blockOwnerDeletion.
      for (const dep of deps) this.#deleteDependent(dep);
      const blocking = deps.filter((d) =>
        (this.#lookup(d)?.obj.metadata.ownerReferences ?? []).some(
          (r) => r.uid === ownerUid && r.blockOwnerDeletion === true,
        ),
      );
      if (blocking.length === 0) {
        this.#safely("remove foreground finalizer", () =>
          this.#service.removeFinalizer(owner.rt, owner.obj, FOREGROUND_FINALIZER),
        );
      }
    }
  }
}
