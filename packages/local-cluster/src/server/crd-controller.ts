/**
 * Serves the resources installed CRDs define: registers a CRD's resource type as soon as it is stored, reports
 * NamesAccepted/Established in its status, and on deletion removes every instance before the CRD goes away.
 */
import type { Logger } from "pino";
import { CRD_CLEANUP_FINALIZER, crdResourceType } from "./crd.js";
import type { Defer } from "./gc.js";
import type { ObjectService } from "./object-service.js";
import { storageKey } from "./resource-type.js";
import { isRecord, type KubeObject, type StoreEvent } from "./types.js";

const CRD_BUCKET = "apiextensions.k8s.io/customresourcedefinitions";

export class CrdController {
  readonly #service: ObjectService;
  readonly #defer: Defer;
  readonly #log: Logger;
  readonly #unsubscribe: () => void;
  /** CRD name -> group/plural it serves. */
  readonly #served = new Map<string, { group: string; plural: string }>();
  /** Called when the set of served resources changes (discovery). */
  onChange: () => void = () => {};
  /** Called when a CRD is gone and its resource no longer served (open watches on it end). */
  onRemoved: (group: string, plural: string) => void = () => {};

  constructor(service: ObjectService, defer: Defer, log: Logger) {
    this.#service = service;
    this.#defer = defer;
    this.#log = log;
    this.#unsubscribe = service.store.subscribeAll((bucket, ev) => {
      if (bucket === CRD_BUCKET) this.#onCrd(ev);
      else this.#onInstance(bucket, ev);
    });
    for (const crd of service.store.list(CRD_BUCKET)) this.#serve(crd);
    for (const crd of service.store.list(CRD_BUCKET)) {
      if (crd.metadata.deletionTimestamp !== undefined)
        this.#defer(() => this.#cleanup(crd.metadata.name ?? ""));
    }
  }

  close(): void {
    this.#unsubscribe();
  }

  #crdType() {
    const rt = this.#service.registry.byGroupResource("apiextensions.k8s.io", "customresourcedefinitions");
    if (rt === undefined) throw new Error("customresourcedefinitions is not registered");
    return rt;
  }

  #serve(crd: KubeObject): void {
    const rt = crdResourceType(crd);
    if (rt === undefined) return;
    const name = crd.metadata.name ?? "";
    const before = this.#served.get(name);
    if (before !== undefined && (before.group !== rt.group || before.plural !== rt.plural)) {
      this.#service.registry.unregister(before.group, before.plural);
    }
    this.#service.registry.register(rt);
    this.#served.set(name, { group: rt.group, plural: rt.plural });
    this.onChange();
  }

  #onCrd(ev: StoreEvent): void {
    const name = ev.object.metadata.name ?? "";
    if (ev.type === "DELETED") {
      const served = this.#served.get(name);
      if (served !== undefined) {
        this.#service.registry.unregister(served.group, served.plural);
        this.#service.store.drop(storageKey(served));
        this.#served.delete(name);
        this.onChange();
        this.onRemoved(served.group, served.plural);
      }
      return;
    }
    this.#serve(ev.object);
    if (ev.object.metadata.deletionTimestamp !== undefined) {
      this.#defer(() => this.#cleanup(name));
      return;
    }
    if (!this.#established(ev.object)) this.#defer(() => this.#markEstablished(name));
  }

  #onInstance(bucket: string, ev: StoreEvent): void {
    if (ev.type !== "DELETED") return;
    for (const [name, served] of this.#served) {
      if (storageKey(served) === bucket) {
        const crd = this.#service.store.get(CRD_BUCKET, undefined, name);
        if (crd?.metadata.deletionTimestamp !== undefined) this.#defer(() => this.#cleanup(name));
      }
    }
  }

  #established(crd: KubeObject): boolean {
    const status = isRecord(crd.status) ? crd.status : {};
    const conditions = Array.isArray(status.conditions) ? status.conditions : [];
    return conditions.some((c) => isRecord(c) && c.type === "Established" && c.status === "True");
  }

  #markEstablished(name: string): void {
    const crdType = this.#crdType();
    const crd = this.#service.find(crdType, undefined, name);
    if (crd === undefined || this.#established(crd) || crd.metadata.deletionTimestamp !== undefined) return;
    const spec = isRecord(crd.spec) ? crd.spec : {};
    const now = this.#service.now();
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    const storage = versions.find((v) => isRecord(v) && v.storage === true);
    const condition = (type: string, reason: string, message: string) => ({
      type,
      status: "True",
      lastTransitionTime: now,
      reason,
      message,
    });
    const next = structuredClone(crd);
    next.status = {
      acceptedNames: spec.names ?? {},
      conditions: [
        condition("NamesAccepted", "NoConflicts", "no conflicts found"),
        condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
      ],
      storedVersions: isRecord(storage) ? [storage.name] : [],
    };
    try {
      this.#service.update(crdType, undefined, name, next, {}, "status");
    } catch (err) {
      this.#log.debug({ err, name }, "CRD status update failed");
    }
  }

  #cleanup(name: string): void {
    const crdType = this.#crdType();
    const crd = this.#service.find(crdType, undefined, name);
    const served = this.#served.get(name);
    if (crd === undefined || crd.metadata.deletionTimestamp === undefined) return;
    if (served !== undefined) {
      const rt = this.#service.registry.byGroupResource(served.group, served.plural);
      const remaining = this.#service.store.list(storageKey(served));
      if (rt !== undefined) {
        for (const obj of remaining) {
          if (obj.metadata.deletionTimestamp !== undefined) continue;
          try {
            this.#service.delete(rt, obj.metadata.namespace, obj.metadata.name ?? "", {});
          } catch (err) {
            this.#log.debug({ err, name }, "custom resource cleanup failed");
          }
        }
      }
      if (this.#service.store.list(storageKey(served)).length > 0) return;
    }
    try {
      this.#service.removeFinalizer(crdType, crd, CRD_CLEANUP_FINALIZER);
    } catch (err) {
      this.#log.debug({ err, name }, "CRD finalizer removal failed");
    }
  }
}
