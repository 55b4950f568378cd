/**
 * Decoding of the Kubernetes protobuf envelope (`application/vnd.kubernetes.protobuf`) for the built-in kinds that
 * kubectl's typed clients send that way (`kubectl create namespace|configmap|secret|serviceaccount`): the magic
 * `k8s\0`, a runtime.Unknown {typeMeta, raw}, and the object messages' field numbers from k8s.io/api's
 * generated.proto. Answers stay JSON, which those clients also accept.
 */
import { badRequest, unsupportedMediaType } from "./status.js";

type Field = { wire: 0; value: bigint } | { wire: 2; value: Buffer } | { wire: 1 | 5; value: Buffer };

function fields(buf: Buffer): Map<number, Field[]> {
  const out = new Map<number, Field[]>();
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    while (true) {
      if (i >= buf.length) throw badRequest("protobuf: truncated varint");
      const b = buf[i++] ?? 0;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw badRequest("protobuf: varint too long");
    }
  };
  while (i < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    let f: Field;
    if (wire === 0) f = { wire: 0, value: varint() };
    else if (wire === 2) {
      const len = Number(varint());
      if (i + len > buf.length) throw badRequest("protobuf: truncated field");
      f = { wire: 2, value: buf.subarray(i, i + len) };
      i += len;
    } else if (wire === 1 || wire === 5) {
      const len = wire === 1 ? 8 : 4;
      f = { wire, value: buf.subarray(i, i + len) };
      i += len;
    } else throw badRequest(`protobuf: unsupported wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(f);
    out.set(field, list);
  }
  return out;
}

const bytesOf = (m: Map<number, Field[]>, n: number): Buffer[] =>
  (m.get(n) ?? []).flatMap((f) => (f.wire === 2 ? [f.value] : []));
const str = (m: Map<number, Field[]>, n: number): string | undefined => bytesOf(m, n)[0]?.toString("utf8");
const strs = (m: Map<number, Field[]>, n: number): string[] => bytesOf(m, n).map((b) => b.toString("utf8"));
const int = (m: Map<number, Field[]>, n: number): number | undefined => {
  const f = (m.get(n) ?? []).find((x) => x.wire === 0);
  return f?.wire === 0 ? Number(BigInt.asIntN(64, f.value)) : undefined;
};
const bool = (m: Map<number, Field[]>, n: number): boolean | undefined => {
  const v = int(m, n);
  return v === undefined ? undefined : v !== 0;
};

function map(m: Map<number, Field[]>, n: number, asBase64: boolean): Record<string, string> | undefined {
  const entries = bytesOf(m, n);
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    const kv = fields(e);
    const value = bytesOf(kv, 2)[0] ?? Buffer.alloc(0);
    out[str(kv, 1) ?? ""] = asBase64 ? value.toString("base64") : value.toString("utf8");
  }
  return out;
}

function set<T>(o: Record<string, unknown>, key: string, v: T | undefined): void {
  if (v !== undefined && !(Array.isArray(v) && v.length === 0)) o[key] = v;
}

function objectMeta(buf: Buffer | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (buf === undefined) return out;
  const m = fields(buf);
  set(out, "name", str(m, 1));
  set(out, "generateName", str(m, 2));
  set(out, "namespace", str(m, 3));
  set(out, "uid", str(m, 5));
  set(out, "resourceVersion", str(m, 6));
  set(out, "labels", map(m, 11, false));
  set(out, "annotations", map(m, 12, false));
  set(
    out,
    "ownerReferences",
    bytesOf(m, 13).map((b) => {
      const r = fields(b);
      const ref: Record<string, unknown> = {};
      set(ref, "kind", str(r, 1));
      set(ref, "name", str(r, 3));
      set(ref, "uid", str(r, 4));
      set(ref, "apiVersion", str(r, 5));
      set(ref, "controller", bool(r, 6));
      set(ref, "blockOwnerDeletion", bool(r, 7));
      return ref;
    }),
  );
  set(out, "finalizers", strs(m, 14));
  return out;
}

function references(bufs: Buffer[], nameField: number): Record<string, unknown>[] {
  return bufs.map((b) => {
    const r: Record<string, unknown> = {};
    set(r, "name", str(fields(b), nameField));
    return r;
  });
}

/** Decodes a protobuf-encoded object of a supported kind into its JSON form. */
export function decodeProtobufObject(raw: Buffer): Record<string, unknown> {
  if (raw.length < 4 || raw.subarray(0, 4).toString("latin1") !== "k8s\u0000") {
    throw badRequest("protobuf: missing the k8s\\0 envelope prefix");
  }
  const unknown = fields(raw.subarray(4));
  const typeMeta = fields(bytesOf(unknown, 1)[0] ?? Buffer.alloc(0));
  const apiVersion = str(typeMeta, 1) ?? "";
  const kind = str(typeMeta, 2) ?? "";
  const body = fields(bytesOf(unknown, 2)[0] ?? Buffer.alloc(0));
  const obj: Record<string, unknown> = { apiVersion, kind, metadata: objectMeta(bytesOf(body, 1)[0]) };
  switch (`${apiVersion}/${kind}`) {
    case "v1/Namespace": {
      const spec = bytesOf(body, 2)[0];
      if (spec !== undefined) set(obj, "spec", { finalizers: strs(fields(spec), 1) });
      return obj;
    }
    case "v1/ConfigMap":
      set(obj, "data", map(body, 2, false));
      set(obj, "binaryData", map(body, 3, true));
      set(obj, "immutable", bool(body, 4));
      return obj;
    case "v1/Secret":
      set(obj, "data", map(body, 2, true));
      set(obj, "type", str(body, 3));
      set(obj, "stringData", map(body, 4, false));
      set(obj, "immutable", bool(body, 5));
      return obj;
    case "v1/ServiceAccount":
      set(obj, "secrets", references(bytesOf(body, 2), 3));
      set(obj, "imagePullSecrets", references(bytesOf(body, 3), 1));
      set(obj, "automountServiceAccountToken", bool(body, 4));
      return obj;
    default:
      throw unsupportedMediaType("application/vnd.kubernetes.protobuf", [
        "application/json",
        "application/yaml",
      ]);
  }
}
