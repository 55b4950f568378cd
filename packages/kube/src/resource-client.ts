import type { ResourceType } from "./resource-type.js";
import { apiVersionOf } from "./resource-type.js";
import type { QueryValue, Transport } from "./transport.js";
import type { KubeList, KubeObject } from "./types.js";
import { type RawWatchEvent, type WatchOptions, watchStream } from "./watch-stream.js";

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: "NotOlderThan" | "Exact";
}

export interface WriteOptions extends CallOptions {
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
}

/** `merge`: RFC 7386 JSON merge patch; `json`: RFC 6902; `strategic`: built-in kinds only; `apply`: server-side apply. */
export type PatchType = "merge" | "json" | "strategic" | "apply";

const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

export interface PatchOptions extends WriteOptions {
  readonly type?: PatchType;
  readonly subresource?: "status";
  /** Server-side apply only: take ownership of conflicting fields. */
  readonly force?: boolean;
}

export interface DeleteOptions extends CallOptions {
  readonly propagationPolicy?: "Foreground" | "Background" | "Orphan";
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
}

function requireName(what: string, obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (typeof name !== "string" || name === "") throw new TypeError(`${what}: metadata.name is required`);
  return name;
}

/**
 * Create / get / list / patch / update / updateStatus / delete for one kind. Failures are typed errors
 * (`NotFoundError`, `ConflictError`, `AlreadyExistsError`, `InvalidError`, `GoneError`, else `KubeApiError`
 * with `transient`); network failures reject with the network error (transient per `@weft/retry`).
 */
export class ResourceClient<T extends KubeObject> {
  readonly type: ResourceType;
  readonly transport: Transport;

  constructor(transport: Transport, type: ResourceType) {
    this.transport = transport;
    this.type = type;
  }

  #namespaceOf(what: string, obj: KubeObject, namespace: string | undefined): string | undefined {
    if (!this.type.namespaced) return undefined;
    const ns = obj.metadata?.namespace ?? namespace;
    if (ns === undefined || ns === "")
      throw new TypeError(`${what}: metadata.namespace is required for ${this.type.plural}`);
    return ns;
  }

  #withType(obj: T): T {
    return {
      ...obj,
      apiVersion: obj.apiVersion ?? apiVersionOf(this.type),
      kind: obj.kind ?? this.type.kind,
    };
  }

  create(obj: T, options: WriteOptions & { namespace?: string } = {}): Promise<T> {
    const namespace = this.#namespaceOf(`create ${this.type.kind}`, obj, options.namespace);
    return this.transport.json<T>({
      verb: "create",
      resource: this.type,
      namespace,
      body: this.#withType(obj),
      query: writeQuery(options),
      signal: options.signal,
    });
  }

  get(namespace: string | undefined, name: string, options: CallOptions = {}): Promise<T> {
    return this.transport.json<T>({
      verb: "get",
      resource: this.type,
      namespace,
      name,
      signal: options.signal,
    });
  }

  /** One page (or all, without `limit`). `namespace` undefined lists every namespace. */
  list(namespace: string | undefined, options: ListOptions = {}): Promise<KubeList<T>> {
    return this.transport.json<KubeList<T>>({
      verb: "list",
      resource: this.type,
      namespace,
      query: {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: options.limit,
        continue: options.continue,
        resourceVersion: options.resourceVersion,
        resourceVersionMatch: options.resourceVersionMatch,
      },
      signal: options.signal,
    });
  }

  /** Every item, following `continue` tokens page by page (`limit` is the page size, default 500). */
  async listAll(
    namespace: string | undefined,
    options: Omit<ListOptions, "continue"> = {},
  ): Promise<KubeList<T>> {
    const items: T[] = [];
    let cont: string | undefined;
    let last: KubeList<T>;
    do {
      last = await this.list(namespace, {
        limit: 500,
        ...options,
        ...(cont === undefined ? {} : { continue: cont }),
      });
      items.push(...last.items);
      cont = last.metadata.continue || undefined;
    } while (cont !== undefined);
    return { ...last, metadata: { ...last.metadata, continue: "" }, items };
  }

  /**
   * A raw watch (see `watchStream`): resolves when the server ends it, rejects on failure. Prefer an `Informer`,
   * which reconnects, re-lists and caches.
   */
  watch(
    options: WatchOptions,
    onEvent: (event: RawWatchEvent) => void,
    onUndecodable: (line: string, problem: string) => void = () => undefined,
  ): Promise<void> {
    return watchStream(this.transport, this.type, options, onEvent, onUndecodable);
  }

  /** Replaces the object; its `metadata.resourceVersion` makes the write conditional (409 ConflictError). */
  update(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.#put(obj, undefined, options);
  }

  /** Replaces the status subresource (custom resources with `subresources.status`, pods). */
  updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.#put(obj, "status", options);
  }

  #put(obj: T, subresource: "status" | undefined, options: WriteOptions): Promise<T> {
    const what = subresource === undefined ? `update ${this.type.kind}` : `updateStatus ${this.type.kind}`;
    const name = requireName(what, obj);
    return this.transport.json<T>({
      verb: "update",
      resource: this.type,
      namespace: this.#namespaceOf(what, obj, undefined),
      name,
      subresource,
      body: this.#withType(obj),
      query: writeQuery(options),
      signal: options.signal,
    });
  }

  patch(namespace: string | undefined, name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    const type = options.type ?? "merge";
    if (type === "apply" && options.fieldManager === undefined) {
      throw new TypeError("patch: fieldManager is required for server-side apply");
    }
    return this.transport.json<T>({
      verb: "patch",
      resource: this.type,
      namespace,
      name,
      subresource: options.subresource,
      body: patch,
      contentType: PATCH_CONTENT_TYPE[type],
      query: { ...writeQuery(options), force: type === "apply" && options.force === true ? true : undefined },
      signal: options.signal,
    });
  }

  /** JSON merge patch of the status subresource: `patchStatus(ns, name, { phase: "Running" })`. */
  patchStatus(
    namespace: string | undefined,
    name: string,
    status: unknown,
    options: WriteOptions = {},
  ): Promise<T> {
    return this.patch(namespace, name, { status }, { ...options, type: "merge", subresource: "status" });
  }

  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<void> {
    const body: Record<string, unknown> = { apiVersion: "v1", kind: "DeleteOptions" };
    if (options.propagationPolicy !== undefined) body.propagationPolicy = options.propagationPolicy;
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.preconditions !== undefined) body.preconditions = options.preconditions;
    await this.transport.json<unknown>({
      verb: "delete",
      resource: this.type,
      namespace,
      name,
      body,
      signal: options.signal,
    });
  }
}

function writeQuery(options: WriteOptions): Record<string, QueryValue> {
  return { dryRun: options.dryRun === true ? "All" : undefined, fieldManager: options.fieldManager };
}
