/** JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch for the built-in types. */
import { ApiError, badRequest } from "./status.js";
import { isRecord } from "./types.js";

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function patchFailure(message: string): ApiError {
  return new ApiError(422, "Invalid", message);
}

function resolveParent(doc: unknown, tokens: string[], op: string): { parent: unknown; key: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isRecord(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined)
      throw patchFailure(`${op} operation does not apply: doc is missing path: /${tokens.join("/")}`);
  }
  return { parent: cur, key: tokens[tokens.length - 1] ?? "" };
}

function getAt(doc: unknown, tokens: string[], op: string): unknown {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isRecord(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined)
      throw patchFailure(`${op} operation does not apply: doc is missing path: /${tokens.join("/")}`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], key: string, allowEnd: boolean, op: string, path: string): number {
  if (key === "-" && allowEnd) return arr.length;
  const i = Number(key);
  if (!/^(0|[1-9][0-9]*)$/.test(key) || i > arr.length || (!allowEnd && i >= arr.length)) {
    throw patchFailure(`${op} operation does not apply: doc is missing path: ${path}`);
  }
  return i;
}

function removeAt(doc: unknown, tokens: string[], path: string): unknown {
  const { parent, key } = resolveParent(doc, tokens, "remove");
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, false, "remove", path);
    return parent.splice(i, 1)[0];
  }
  if (!isRecord(parent) || !Object.hasOwn(parent, key)) {
    throw patchFailure(`Unable to remove nonexistent key: ${key}: missing value`);
  }
  const old = parent[key];
  delete parent[key];
  return old;
}

function addAt(doc: unknown, tokens: string[], value: unknown, path: string): unknown {
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, "add");
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true, "add", path), 0, value);
  else if (isRecord(parent)) parent[key] = value;
  else throw patchFailure(`add operation does not apply: doc is missing path: ${path}`);
  return doc;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let doc = structuredClone(target);
  for (const raw of ops) {
    if (!isRecord(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") {
      throw badRequest("the JSON patch operations must be objects with string op and path");
    }
    const op = raw as unknown as JsonPatchOp;
    const tokens = parsePointer(op.path);
    switch (op.op) {
      case "add":
        doc = addAt(doc, tokens, structuredClone(op.value), op.path);
        break;
      case "remove":
        removeAt(doc, tokens, op.path);
        break;
      case "replace": {
        if (tokens.length === 0) {
          doc = structuredClone(op.value);
          break;
        }
        getAt(doc, tokens, "replace");
        const { parent, key } = resolveParent(doc, tokens, "replace");
        if (Array.isArray(parent))
          parent[arrayIndex(parent, key, false, "replace", op.path)] = structuredClone(op.value);
        else if (isRecord(parent)) parent[key] = structuredClone(op.value);
        break;
      }
      case "move":
      case "copy": {
        if (typeof op.from !== "string") throw badRequest(`${op.op} operation requires "from"`);
        const fromTokens = parsePointer(op.from);
        const value =
          op.op === "move"
            ? removeAt(doc, fromTokens, op.from)
            : structuredClone(getAt(doc, fromTokens, op.op));
        doc = addAt(doc, tokens, value, op.path);
        break;
      }
      case "test": {
        const actual = getAt(doc, tokens, "test");
        if (JSON.stringify(actual) !== JSON.stringify(op.value)) {
          throw patchFailure(`testing value ${op.path} failed: test failed`);
        }
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** patchMergeKey of the keyed lists of the built-in types (field name -> merge key). */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  ports: "containerPort",
  imagePullSecrets: "name",
  hostAliases: "ip",
  conditions: "type",
  ownerReferences: "uid",
  addresses: "type",
  secrets: "name",
  resourceClaims: "name",
};

/** Lists of primitives with patchStrategy merge. */
const MERGE_PRIMITIVE_LISTS = new Set(["finalizers"]);

/** Strategic merge patch: keyed lists merge by their merge key, `$patch` and `$deleteFromPrimitiveList` directives. */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === "delete") return undefined;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key.startsWith("$setElementOrder/") || key === "$retainKeys") continue;
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      const field = key.slice("$deleteFromPrimitiveList/".length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(value)) {
        out[field] = current.filter((v) => !value.some((d) => JSON.stringify(d) === JSON.stringify(v)));
      }
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const mergeKey = MERGE_KEYS[key];
    const current = out[key];
    if (Array.isArray(value) && mergeKey !== undefined) {
      out[key] = mergeKeyedList(Array.isArray(current) ? current : [], value, mergeKey);
    } else if (Array.isArray(value) && MERGE_PRIMITIVE_LISTS.has(key)) {
      const merged = Array.isArray(current) ? [...current] : [];
      for (const v of value) if (!merged.includes(v)) merged.push(v);
      out[key] = merged;
    } else if (isRecord(value)) {
      const merged = strategicMergePatch(current, value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

function mergeKeyedList(current: unknown[], patch: unknown[], mergeKey: string): unknown[] {
  if (patch.some((p) => isRecord(p) && p.$patch === "replace")) {
    return patch.filter((p) => !(isRecord(p) && p.$patch === "replace")).map((p) => structuredClone(p));
  }
  const out = [...current];
  for (const item of patch) {
    if (!isRecord(item) || !Object.hasOwn(item, mergeKey)) {
      out.push(structuredClone(item));
      continue;
    }
    const keyValue = JSON.stringify(item[mergeKey]);
    const index = out.findIndex((c) => isRecord(c) && JSON.stringify(c[mergeKey]) === keyValue);
    if (item.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = strategicMergePatch(out[index], item);
    else out.push(strategicMergePatch({}, item));
  }
  return out;
}
