/**
 * The namespace lifecycle, as kube-controller-manager runs it: a namespace being deleted has its content
 * deleted, and once nothing is left its `kubernetes` finalizer is dropped and it disappears. New namespaces get
 * their `default` ServiceAccount.
 */
import type { Logger } from "pino";
import type { Defer } from "./gc.js";
import type { ObjectService } from "./object-service.js";
import { type ResourceType, storageKey } from "./resource-type.js";
import { isRecord, type KubeObject, type StoreEvent } from "./types.js";

export const DEFAULT_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export class NamespaceController {
  readonly #service: ObjectService;
  readonly #defer: Defer;
  readonly #log: Logger;
  readonly #unsubscribe: () => void;
  readonly #terminating = new Set<string>();

  readonly #caPem: string | undefined;

  /** `caPem`: published in every namespace as ConfigMap kube-root-ca.crt (key ca.crt), as the root CA publisher does. */
  constructor(service: ObjectService, defer: Defer, log: Logger, caPem?: string) {
    this.#caPem = caPem;
    this.#service = service;
    this.#defer = defer;
    this.#log = log;
    this.#unsubscribe = service.store.subscribeAll((bucket, ev) => this.#onEvent(bucket, ev));
    const nsType = this.#nsType();
    for (const ns of service.store.list(storageKey(nsType))) {
      const name = ns.metadata.name ?? "";
      if (ns.metadata.deletionTimestamp !== undefined) this.#schedule(name);
      else this.#defer(() => this.#ensureDefaults(name));
    }
  }

  close(): void {
    this.#unsubscribe();
  }

  #nsType() {
    const rt = this.#service.registry.byGroupResource("", "namespaces");
    if (rt === undefined) throw new Error("namespaces resource is not registered");
    return rt;
  }

  #onEvent(bucket: string, ev: StoreEvent): void {
    if (bucket === "/namespaces") {
      const name = ev.object.metadata.name ?? "";
      if (ev.type === "ADDED") this.#defer(() => this.#ensureDefaults(name));
      if (ev.type !== "DELETED" && ev.object.metadata.deletionTimestamp !== undefined) this.#schedule(name);
      if (ev.type === "DELETED") this.#terminating.delete(name);
      return;
    }
    const ns = ev.object.metadata.namespace;
    if (ev.type === "DELETED" && ns !== undefined && this.#terminating.has(ns))
      this.#defer(() => this.#finalize(ns));
  }

  #schedule(name: string): void {
    if (this.#terminating.has(name)) return;
    this.#terminating.add(name);
    this.#defer(() => this.#purge(name));
  }

  #ensureDefaults(namespace: string): void {
    const ns = this.#service.find(this.#nsType(), undefined, namespace);
    if (ns === undefined || ns.metadata.deletionTimestamp !== undefined) return;
    const sa = this.#service.registry.byGroupResource("", "serviceaccounts");
    if (sa !== undefined && this.#service.find(sa, namespace, "default") === undefined)
      this.#createDefaultAccount(sa, namespace);
    const cm = this.#service.registry.byGroupResource("", "configmaps");
    if (this.#caPem === undefined || cm === undefined) return;
    const data = { "ca.crt": this.#caPem };
    try {
      const current = this.#service.find(cm, namespace, "kube-root-ca.crt");
      if (current === undefined)
        this.#service.create(cm, namespace, { metadata: { name: "kube-root-ca.crt" }, data });
      else if (JSON.stringify(current.data) !== JSON.stringify(data)) {
        this.#service.update(cm, namespace, "kube-root-ca.crt", { ...current, data });
      }
    } catch (err) {
      this.#log.debug({ err, namespace }, "kube-root-ca.crt not created");
    }
  }

  #createDefaultAccount(sa: ResourceType, namespace: string): void {
    try {
      this.#service.create(sa, namespace, { metadata: { name: "default" } });
    } catch (err) {
      this.#log.debug({ err, namespace }, "default service account not created");
    }
  }

  #purge(namespace: string): void {
    for (const rt of this.#service.registry.all()) {
      if (!rt.namespaced) continue;
      for (const obj of this.#service.store.list(storageKey(rt), namespace)) {
        if (obj.metadata.deletionTimestamp !== undefined) continue;
        try {
          this.#service.delete(rt, namespace, obj.metadata.name ?? "", { propagationPolicy: "Background" });
        } catch (err) {
          this.#log.debug({ err, namespace }, "namespace content deletion failed");
        }
      }
    }
    this.#finalize(namespace);
  }

  #finalize(namespace: string): void {
    for (const rt of this.#service.registry.all()) {
      if (rt.namespaced && this.#service.store.list(storageKey(rt), namespace).length > 0) return;
    }
    const nsType = this.#nsType();
    const ns = this.#service.find(nsType, undefined, namespace);
    if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return;
    const next: KubeObject = structuredClone(ns);
    if (isRecord(next.spec)) next.spec.finalizers = [];
    const bucket = storageKey(nsType);
    if ((next.metadata.finalizers ?? []).length > 0) {
      this.#service.store.put(bucket, next);
      return;
    }
    this.#service.store.put(bucket, next);
    this.#service.store.remove(bucket, undefined, namespace);
  }
}
