/**
 * Object semantics on top of the store: create/get/list/update/patch/delete with validation, namespaces,
 * resourceVersion preconditions, generation, status subresources, finalizers and graceful deletion.
 * HTTP handlers and the in-process controllers both go through this class.
 */
import { applyCreateDefaults, applyUpdateDefaults } from "./defaults.js";
import type { ObjectStore } from "./object-store.js";
import { jsonPatch, mergePatch, strategicMergePatch } from "./patch.js";
import type { ResourceRegistry } from "./registry.js";
import { apiVersionOf, groupResource, type ResourceType, storageKey } from "./resource-type.js";
import { pruneUnknown, validateSchema } from "./schema.js";
import { matchesFilter, type ObjectFilter } from "./selectors.js";
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  type FieldError,
  forbidden,
  gone,
  invalid,
  notFound,
  STALE_OBJECT,
  unsupportedMediaType,
} from "./status.js";
import { type Clock, type IdSource, isRecord, type KubeObject } from "./types.js";
import { unknownTopLevelFields, validateBuiltin, validateMetadata } from "./validation.js";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  /** Collects `Warning` header texts (unknown fields under Warn). */
  warnings?: string[];
  fieldManager?: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

const CONTINUE_EXPIRED =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

export type PatchType = "json" | "merge" | "strategic" | "apply";

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

/** etcd's default request size limit: an object whose encoding exceeds it is refused. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Finalizer names the garbage collector and the namespace / CRD controllers own. */
export const FOREGROUND_FINALIZER = "foregroundDeletion";
export const ORPHAN_FINALIZER = "orphan";

const NAMESPACES = { group: "", resource: "namespaces" };

function clone<T>(v: T): T {
  return structuredClone(v);
}

function withoutMetaAndStatus(obj: KubeObject, dropStatus: boolean): unknown {
  const { metadata: _m, status, ...rest } = obj;
  return dropStatus ? rest : { ...rest, status };
}

/** Deep equality of JSON values, ignoring key order (undefined members count as absent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return jsonEqual(strip(a), strip(b));
}

function appliedKey(manager: string | undefined, subresource: string | undefined): string {
  return `${subresource ?? ""}|${manager ?? ""}`;
}

const IDENTITY_FIELDS = new Set(["apiVersion", "kind", "name", "namespace"]);

/** Removes from `target` what `previous` set and `current` no longer mentions (maps only; lists are replaced). */
export function dropOmitted(target: unknown, previous: unknown, current: unknown): unknown {
  if (!isRecord(target) || !isRecord(previous)) return target;
  const out: Record<string, unknown> = { ...target };
  const cur = isRecord(current) ? current : {};
  for (const key of Object.keys(previous)) {
    if (IDENTITY_FIELDS.has(key)) continue;
    if (!Object.hasOwn(cur, key)) delete out[key];
    else if (isRecord(previous[key]) && isRecord(cur[key]))
      out[key] = dropOmitted(out[key], previous[key], cur[key]);
  }
  return out;
}

const POD_UPDATE_RULE =
  "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** Pod specs are immutable but for images, activeDeadlineSeconds (set or shortened) and added tolerations. */
export function podSpecChange(oldSpec: unknown, newSpec: unknown): FieldError | undefined {
  const before = isRecord(oldSpec) ? oldSpec : {};
  const after = isRecord(newSpec) ? newSpec : {};
  const oldDeadline = before.activeDeadlineSeconds;
  const newDeadline = after.activeDeadlineSeconds;
  if (newDeadline !== oldDeadline) {
    const ok =
      typeof newDeadline === "number" && (typeof oldDeadline !== "number" || newDeadline <= oldDeadline);
    if (!ok) {
      return {
        type: "FieldValueInvalid",
        field: "spec.activeDeadlineSeconds",
        message: `Invalid value: ${JSON.stringify(newDeadline ?? null)}: must not update from a positive integer to nil value, or to a greater value`,
      };
    }
  }
  const oldTolerations = Array.isArray(before.tolerations) ? before.tolerations : [];
  const newTolerations = Array.isArray(after.tolerations) ? after.tolerations : [];
  const tolerationsOk = oldTolerations.every((t) => newTolerations.some((n) => jsonEqual(n, t)));
  const blank = (spec: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {
      ...spec,
      activeDeadlineSeconds: undefined,
      tolerations: undefined,
    };
    for (const list of ["containers", "initContainers"]) {
      const items = spec[list];
      if (Array.isArray(items)) copy[list] = items.map((c) => (isRecord(c) ? { ...c, image: undefined } : c));
    }
    return copy;
  };
  if (!tolerationsOk || !jsonEqual(blank(before), blank(after))) {
    return { type: "FieldValueForbidden", field: "spec", message: POD_UPDATE_RULE };
  }
  return undefined;
}

export interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: token.rv, start: token.start })).toString(
    "base64url",
  );
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (isRecord(parsed) && typeof parsed.rv === "number" && typeof parsed.start === "string") {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through
  }
  throw badRequest(`continue key is not valid: ${text}`);
}

export class ObjectService {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  /** Last configuration each field manager applied, per object and subresource (server-side apply). */
  readonly #applied = new Map<string, Map<string, unknown>>();

  constructor(store: ObjectStore, registry: ResourceRegistry, clock: Clock, ids: IdSource) {
    this.store = store;
    this.registry = registry;
    this.#clock = clock;
    this.#ids = ids;
    store.subscribeAll((_bucket, ev) => {
      if (ev.type === "DELETED") this.#applied.delete(ev.object.metadata.uid ?? "");
    });
  }

  #remember(obj: KubeObject, key: string, patch: unknown): void {
    const uid = obj.metadata.uid ?? "";
    let perObject = this.#applied.get(uid);
    if (perObject === undefined) {
      perObject = new Map();
      this.#applied.set(uid, perObject);
    }
    perObject.set(key, structuredClone(patch));
  }

  now(): string {
    return `${this.#clock.now().toISOString().slice(0, 19)}Z`;
  }

  nowPlus(seconds: number): string {
    return `${new Date(this.#clock.now().getTime() + seconds * 1000).toISOString().slice(0, 19)}Z`;
  }

  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(storageKey(rt), rt.namespaced ? namespace : undefined, name);
    if (obj === undefined) throw notFound(groupResource(rt), name);
    return obj;
  }

  find(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(storageKey(rt), rt.namespaced ? namespace : undefined, name);
  }

  list(
    rt: ResourceType,
    namespace: string | undefined,
    filter: ObjectFilter,
    limit?: number,
    continueToken?: string,
    /** resourceVersionMatch=Exact: the list as of this resourceVersion. */
    exactRv?: number,
  ): ListResult {
    let all = this.store.list(storageKey(rt), namespace);
    let start = "";
    let listRv = String(this.store.resourceVersion);
    if (continueToken !== undefined && continueToken !== "") {
      // Later pages are served from the snapshot of the first page, as etcd does, while history reaches back.
      const token = decodeContinue(continueToken);
      const snapshot = this.store.listAt(storageKey(rt), token.rv, namespace);
      if (snapshot === "expired") throw gone(CONTINUE_EXPIRED);
      all = snapshot;
      start = token.start;
      listRv = String(token.rv);
    } else if (exactRv !== undefined) {
      const snapshot = this.store.listAt(storageKey(rt), exactRv, namespace);
      if (snapshot === "expired") {
        throw gone(
          `too old resource version: ${exactRv} (${this.store.oldestWatchable(storageKey(rt)) + 1})`,
        );
      }
      all = snapshot;
      listRv = String(Math.min(exactRv, this.store.resourceVersion));
    }
    const items: KubeObject[] = [];
    let lastKey = "";
    let remaining = 0;
    let more = false;
    for (const obj of all) {
      const key = `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
      if (start !== "" && key <= start) continue;
      if (!matchesFilter(filter, obj)) continue;
      if (limit !== undefined && limit > 0 && items.length >= limit) {
        more = true;
        remaining++;
        continue;
      }
      items.push(obj);
      lastKey = key;
    }
    const result: ListResult = { items, resourceVersion: listRv };
    if (more) {
      result.continueToken = encodeContinue({ rv: Number(listRv), start: lastKey });
      if (filter.labels.length === 0 && filter.fields.length === 0) result.remainingItemCount = remaining;
    }
    return result;
  }

  #checkNamespace(rt: ResourceType, namespace: string | undefined, name: string): void {
    if (!rt.namespaced || namespace === undefined) return;
    const nsType = this.registry.byGroupResource("", "namespaces");
    if (nsType === undefined) return;
    const ns = this.store.get(storageKey(nsType), undefined, namespace);
    if (ns === undefined) throw notFound(NAMESPACES, namespace);
    if (ns.metadata.deletionTimestamp !== undefined) {
      const err = forbidden(
        groupResource(rt),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
      err.details?.causes?.push();
      throw new ApiError(err.code, err.reason, err.message, {
        ...err.details,
        causes: [
          {
            reason: "NamespaceTerminating",
            message: `namespace ${namespace} is being terminated`,
            field: "metadata.namespace",
          },
        ],
      });
    }
  }

  /** Schema validation, pruning and fieldValidation; throws 422/400 as kube-apiserver does. */
  #validate(obj: KubeObject, rt: ResourceType, version: string, options: WriteOptions, name: string): void {
    const errors: FieldError[] = [...validateMetadata(obj, rt), ...validateBuiltin(obj, rt)];
    let unknown: string[] = [];
    if (rt.custom) {
      const schema = rt.schemas.get(version) ?? rt.schemas.get(rt.versions[0] ?? "");
      if (schema !== undefined) {
        const { apiVersion: _a, kind: _k, metadata: _m, ...body } = obj;
        unknown = pruneUnknown(body, schema, "");
        for (const key of Object.keys(obj)) {
          if (key !== "apiVersion" && key !== "kind" && key !== "metadata" && !Object.hasOwn(body, key)) {
            delete obj[key];
          }
        }
        const { properties, required, ...rest } = schema;
        const bodySchema = {
          ...rest,
          properties: { ...properties },
          required: (required ?? []).filter((r) => r !== "apiVersion" && r !== "kind" && r !== "metadata"),
        };
        errors.push(...validateSchema(body, bodySchema, ""));
      }
    } else {
      unknown = unknownTopLevelFields(obj, rt);
      for (const f of unknown) delete obj[f];
    }
    if (errors.length > 0) throw invalid(rt.kind, rt.group, name, errors);
    const mode = options.fieldValidation ?? "Warn";
    if (unknown.length > 0 && mode === "Strict") {
      const rendered = unknown.map((u) => `unknown field "${u}"`);
      throw badRequest(`strict decoding error: ${rendered.join(", ")}`);
    }
    if (unknown.length > 0 && mode === "Warn") {
      for (const u of unknown) options.warnings?.push(`unknown field "${u}"`);
    }
  }

  #checkSize(obj: KubeObject): void {
    const size = Buffer.byteLength(JSON.stringify(obj));
    if (size > MAX_OBJECT_BYTES) {
      // etcd's refusal reaches clients as a reason-less 500 ("Error from server: etcdserver: request is too large").
      throw new ApiError(500, "", "etcdserver: request is too large");
    }
  }

  #requireObject(body: unknown, rt: ResourceType): KubeObject {
    if (!isRecord(body)) {
      throw badRequest(`the object provided is unrecognized (must be of type ${rt.kind})`);
    }
    const metadata = body.metadata ?? {};
    if (!isRecord(metadata))
      throw badRequest(`metadata: expected an object, got ${JSON.stringify(metadata)}`);
    if (typeof body.kind === "string" && body.kind !== "" && body.kind !== rt.kind) {
      throw badRequest(
        `the object provided is unrecognized (must be of type ${rt.kind}): kind ${body.kind} does not match ${rt.kind}`,
      );
    }
    return { ...clone(body), metadata: clone(metadata) } as KubeObject;
  }

  #stampKind(obj: KubeObject, rt: ResourceType, version: string): void {
    const v = rt.versions.includes(version) ? version : (rt.versions[0] ?? version);
    obj.apiVersion = apiVersionOf(rt.group, v);
    obj.kind = rt.kind;
  }

  create(
    rt: ResourceType,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
    version = rt.versions[0] ?? "v1",
  ): KubeObject {
    const obj = this.#requireObject(body, rt);
    const meta = obj.metadata;
    if (rt.namespaced) {
      if (
        meta.namespace !== undefined &&
        meta.namespace !== "" &&
        namespace !== undefined &&
        meta.namespace !== namespace
      ) {
        throw badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        );
      }
      meta.namespace = namespace ?? meta.namespace;
      if (meta.namespace === undefined || meta.namespace === "") {
        throw badRequest("the server could not find the requested resource: a namespace is required");
      }
    } else {
      delete meta.namespace;
    }
    if (
      (meta.name === undefined || meta.name === "") &&
      typeof meta.generateName === "string" &&
      meta.generateName !== ""
    ) {
      meta.name = meta.generateName.slice(0, 58) + this.#ids.suffix(5);
    }
    const name = meta.name ?? "";
    this.#checkNamespace(rt, meta.namespace, name);
    this.#stampKind(obj, rt, version);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    delete meta.managedFields;
    applyCreateDefaults(obj, rt);
    this.#validate(obj, rt, version, options, name);
    meta.uid = this.#ids.uid();
    meta.creationTimestamp = this.now();
    if (rt.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    this.#checkSize(obj);
    const bucket = storageKey(rt);
    if (this.store.get(bucket, meta.namespace, name) !== undefined)
      throw alreadyExists(groupResource(rt), name);
    if (options.dryRun === true) return { ...obj, metadata: { ...meta, resourceVersion: "" } };
    return this.store.put(bucket, obj).object;
  }

  /** PUT of the whole object (subresource "status": only the status stanza is taken). */
  update(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    options: WriteOptions = {},
    subresource?: "status",
    version = rt.versions[0] ?? "v1",
  ): { object: KubeObject; created: boolean } {
    const incoming = this.#requireObject(body, rt);
    const bodyName = incoming.metadata.name;
    if (bodyName !== undefined && bodyName !== "" && bodyName !== name) {
      throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    }
    if (
      rt.namespaced &&
      incoming.metadata.namespace !== undefined &&
      incoming.metadata.namespace !== "" &&
      incoming.metadata.namespace !== namespace
    ) {
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    incoming.metadata.name = name;
    const existing = this.find(rt, namespace, name);
    if (existing === undefined) {
      if (rt.allowCreateOnUpdate && subresource === undefined) {
        return { object: this.create(rt, namespace, incoming, options, version), created: true };
      }
      throw notFound(groupResource(rt), name);
    }
    const rv = incoming.metadata.resourceVersion;
    if (rv === undefined || rv === "") {
      if (!rt.allowUnconditionalUpdate) {
        throw invalid(rt.kind, rt.group, name, [
          {
            type: "FieldValueInvalid",
            field: "metadata.resourceVersion",
            message: "Invalid value: 0x0: must be specified for an update",
          },
        ]);
      }
    } else if (rv !== existing.metadata.resourceVersion) {
      throw conflict(groupResource(rt), name, STALE_OBJECT);
    }
    if (
      incoming.metadata.uid !== undefined &&
      incoming.metadata.uid !== "" &&
      incoming.metadata.uid !== existing.metadata.uid
    ) {
      throw conflict(
        groupResource(rt),
        name,
        `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${existing.metadata.uid ?? ""}`,
      );
    }
    return { object: this.#write(rt, existing, incoming, options, subresource, version), created: false };
  }

  /** Merges an incoming full object into `existing` and stores it (no-op writes keep the resourceVersion). */
  #write(
    rt: ResourceType,
    existing: KubeObject,
    incoming: KubeObject,
    options: WriteOptions,
    subresource: "status" | undefined,
    version: string,
  ): KubeObject {
    const name = existing.metadata.name ?? "";
    let next: KubeObject;
    if (subresource === "status") {
      next = clone(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = clone(incoming.status);
    } else {
      next = incoming;
      if (rt.subresources.status) {
        if (existing.status === undefined) delete next.status;
        else next.status = clone(existing.status);
      }
      const meta = next.metadata;
      const old = existing.metadata;
      meta.uid = old.uid;
      meta.creationTimestamp = old.creationTimestamp;
      meta.namespace = old.namespace;
      if (old.deletionTimestamp !== undefined) meta.deletionTimestamp = old.deletionTimestamp;
      else delete meta.deletionTimestamp;
      if (old.deletionGracePeriodSeconds !== undefined)
        meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
      else delete meta.deletionGracePeriodSeconds;
      if (old.generation !== undefined) meta.generation = old.generation;
      else delete meta.generation;
      delete meta.managedFields;
      delete meta.selfLink;
      if (old.deletionTimestamp !== undefined) {
        const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
        if (added.length > 0) {
          throw invalid(rt.kind, rt.group, name, [
            {
              type: "FieldValueForbidden",
              field: "metadata.finalizers",
              message: "Forbidden: no new finalizers can be added if the object is being deleted",
            },
          ]);
        }
      }
      if (!rt.custom && (rt.kind === "ConfigMap" || rt.kind === "Secret") && existing.immutable === true) {
        if (JSON.stringify(existing.data) !== JSON.stringify(next.data) || next.immutable !== true) {
          throw invalid(rt.kind, rt.group, name, [
            {
              type: "FieldValueForbidden",
              field: "data",
              message: "Forbidden: field is immutable when `immutable` is set",
            },
          ]);
        }
      }
      applyUpdateDefaults(next, rt);
      if (!rt.custom && rt.kind === "Pod") {
        const forbidden = podSpecChange(existing.spec, next.spec);
        if (forbidden !== undefined) throw invalid(rt.kind, rt.group, name, [forbidden]);
      }
      if (rt.hasGeneration) {
        const dropStatus = rt.subresources.status || !rt.custom;
        if (
          !jsonEqual(
            withoutMetaAndStatus(existing, dropStatus),
            withoutMetaAndStatus({ ...next, apiVersion: existing.apiVersion }, dropStatus),
          )
        ) {
          meta.generation = (old.generation ?? 0) + 1;
        }
      }
    }
    this.#stampKind(next, rt, version);
    next.apiVersion = existing.apiVersion;
    this.#validate(next, rt, version, options, name);
    this.#checkSize(next);
    next.metadata.resourceVersion = existing.metadata.resourceVersion;
    if (sameContent(existing, next)) return existing;
    if (options.dryRun === true) return next;
    const bucket = storageKey(rt);
    if (
      next.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 &&
      (next.metadata.deletionGracePeriodSeconds ?? 0) === 0 &&
      !(
        rt.kind === "Namespace" &&
        !rt.custom &&
        isRecord(next.spec) &&
        (next.spec.finalizers as unknown[] | undefined)?.length
      )
    ) {
      // As kube-apiserver: the update that empties the finalizers is not written; the object is deleted instead.
      return this.store.remove(bucket, next.metadata.namespace, name)?.object ?? next;
    }
    return this.store.put(bucket, next).object;
  }

  patch(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
    subresource?: "status",
    version = rt.versions[0] ?? "v1",
  ): { object: KubeObject; created: boolean } {
    if (type === "strategic" && rt.custom) {
      throw unsupportedMediaType("application/strategic-merge-patch+json", [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/apply-patch+yaml",
      ]);
    }
    if (type === "apply" && (options.fieldManager === undefined || options.fieldManager === "")) {
      throw invalid("PatchOptions", "meta.k8s.io", "", [
        {
          type: "FieldValueRequired",
          field: "fieldManager",
          message: "Required value: is required for apply patch",
        },
      ]);
    }
    const existing = this.find(rt, namespace, name);
    if (existing === undefined) {
      if (type === "apply" && subresource === undefined) {
        const body = isRecord(patch)
          ? { ...patch, metadata: { ...(isRecord(patch.metadata) ? patch.metadata : {}), name } }
          : patch;
        const created = this.create(rt, namespace, body, options, version);
        if (options.dryRun !== true)
          this.#remember(created, appliedKey(options.fieldManager, undefined), patch);
        return { object: created, created: true };
      }
      throw notFound(groupResource(rt), name);
    }
    if ((type === "merge" || type === "strategic" || type === "apply") && !isRecord(patch)) {
      throw badRequest(
        `json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`,
      );
    }
    let next: unknown;
    switch (type) {
      case "json":
        next = jsonPatch(existing, patch);
        break;
      case "merge":
        next = mergePatch(existing, patch);
        break;
      case "strategic":
        next = strategicMergePatch(existing, patch);
        break;
      case "apply": {
        // Server-side apply, approximated: the fields this manager applied last time and left out now are
        // removed, then the configuration is merged in. Field ownership between managers is not tracked.
        const previous = this.#applied
          .get(existing.metadata.uid ?? "")
          ?.get(appliedKey(options.fieldManager, subresource));
        const base =
          previous === undefined ? existing : (dropOmitted(existing, previous, patch) as KubeObject);
        next = rt.custom ? mergePatch(base, patch) : strategicMergePatch(base, patch);
        break;
      }
    }
    const incoming = this.#requireObject(next, rt);
    const rv = incoming.metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== existing.metadata.resourceVersion) {
      throw conflict(groupResource(rt), name, STALE_OBJECT);
    }
    if (incoming.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(incoming.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (incoming.metadata.uid !== existing.metadata.uid) {
      throw conflict(
        groupResource(rt),
        name,
        `Precondition failed: UID in precondition: ${String(incoming.metadata.uid)}, UID in object meta: ${existing.metadata.uid ?? ""}`,
      );
    }
    const written = this.#write(rt, existing, incoming, options, subresource, version);
    if (type === "apply" && options.dryRun !== true) {
      this.#remember(existing, appliedKey(options.fieldManager, subresource), patch);
    }
    return { object: written, created: false };
  }

  /**
   * DELETE: finalizers and foreground/orphan propagation set deletionTimestamp and keep the object; scheduled,
   * running pods are deleted gracefully (the kubelet finishes them); anything else is removed at once.
   */
  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): { object: KubeObject; removed: boolean } {
    const existing = this.get(rt, namespace, name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== existing.metadata.uid) {
      throw conflict(
        groupResource(rt),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid ?? ""}`,
      );
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        groupResource(rt),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ""}`,
      );
    }
    if (options.dryRun === true) return { object: existing, removed: false };
    const bucket = storageKey(rt);
    const grace = this.#gracePeriod(rt, existing, options);
    const finalizers = [...(existing.metadata.finalizers ?? [])];
    const isNamespace = !rt.custom && rt.kind === "Namespace";
    const policy = options.propagationPolicy;
    if (existing.metadata.deletionTimestamp === undefined) {
      if (policy === "Foreground" && !finalizers.includes(FOREGROUND_FINALIZER))
        finalizers.push(FOREGROUND_FINALIZER);
      if (policy === "Orphan" && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
    }
    const nsFinalizers =
      isNamespace && isRecord(existing.spec) && Array.isArray(existing.spec.finalizers)
        ? existing.spec.finalizers
        : [];
    if (finalizers.length > 0 || grace > 0 || nsFinalizers.length > 0) {
      const next = clone(existing);
      const meta = next.metadata;
      if (meta.deletionTimestamp === undefined) {
        meta.deletionTimestamp = this.nowPlus(grace);
        meta.deletionGracePeriodSeconds = grace;
      } else if (grace < (meta.deletionGracePeriodSeconds ?? 0)) {
        meta.deletionTimestamp = this.nowPlus(grace);
        meta.deletionGracePeriodSeconds = grace;
      } else {
        if (grace === 0 && finalizers.length === 0 && nsFinalizers.length === 0) {
          const removed = this.store.remove(bucket, existing.metadata.namespace, name);
          return { object: removed?.object ?? existing, removed: true };
        }
        return { object: existing, removed: false };
      }
      if (finalizers.length > 0) meta.finalizers = finalizers;
      if (isNamespace) next.status = { ...(isRecord(next.status) ? next.status : {}), phase: "Terminating" };
      if (finalizers.length === 0 && nsFinalizers.length === 0 && grace === 0) {
        const removed = this.store.remove(bucket, existing.metadata.namespace, name);
        return { object: removed?.object ?? existing, removed: true };
      }
      return { object: this.store.put(bucket, next).object, removed: false };
    }
    const removed = this.store.remove(bucket, existing.metadata.namespace, name);
    return { object: removed?.object ?? existing, removed: true };
  }

  #gracePeriod(rt: ResourceType, obj: KubeObject, options: DeleteOptions): number {
    if (rt.custom || rt.kind !== "Pod") return 0;
    const spec = isRecord(obj.spec) ? obj.spec : {};
    const status = isRecord(obj.status) ? obj.status : {};
    if (typeof spec.nodeName !== "string" || spec.nodeName === "") return 0;
    if (status.phase === "Succeeded" || status.phase === "Failed") return 0;
    const requested = options.gracePeriodSeconds;
    if (requested !== undefined) return Math.max(0, requested);
    return typeof spec.terminationGracePeriodSeconds === "number" ? spec.terminationGracePeriodSeconds : 30;
  }

  /** Removes a finalizer (controllers); returns the object as stored afterwards, or undefined once gone. */
  removeFinalizer(rt: ResourceType, obj: KubeObject, finalizer: string): KubeObject | undefined {
    const current = this.find(rt, obj.metadata.namespace, obj.metadata.name ?? "");
    if (current === undefined || !(current.metadata.finalizers ?? []).includes(finalizer)) return current;
    const next = clone(current);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    const name = current.metadata.name ?? "";
    return this.update(rt, current.metadata.namespace, name, next).object;
  }
}
