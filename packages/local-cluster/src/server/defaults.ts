/** Defaulting applied on create, as the built-in types' registry strategies do. */
import { CRD_CLEANUP_FINALIZER } from "./crd.js";
import type { ResourceType } from "./resource-type.js";
import { isRecord, type KubeObject } from "./types.js";

function defaultPod(obj: KubeObject): void {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  spec.restartPolicy ??= "Always";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= "ClusterFirst";
  spec.schedulerName ??= "default-scheduler";
  spec.serviceAccountName ??= typeof spec.serviceAccount === "string" ? spec.serviceAccount : "default";
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const list of [spec.initContainers, spec.containers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c)) continue;
      c.terminationMessagePath ??= "/dev/termination-log";
      c.terminationMessagePolicy ??= "File";
      c.imagePullPolicy ??=
        typeof c.image === "string" && (c.image.endsWith(":latest") || !c.image.includes(":"))
          ? "Always"
          : "IfNotPresent";
      c.resources ??= {};
    }
  }
  obj.spec = spec;
}

function defaultSecret(obj: KubeObject): void {
  if (typeof obj.type !== "string" || obj.type === "") obj.type = "Opaque";
  if (isRecord(obj.stringData)) {
    const data = isRecord(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v)).toString("base64");
    obj.data = data;
  }
  delete obj.stringData;
}

function defaultNamespace(obj: KubeObject): void {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  spec.finalizers ??= ["kubernetes"];
  obj.spec = spec;
  obj.status = { phase: "Active" };
  const name = obj.metadata.name ?? "";
  obj.metadata.labels = { ...obj.metadata.labels, "kubernetes.io/metadata.name": name };
}

export function applyCreateDefaults(obj: KubeObject, rt: ResourceType): void {
  if (rt.custom) {
    if (rt.subresources.status) delete obj.status;
    return;
  }
  switch (rt.kind) {
    case "Pod":
      defaultPod(obj);
      obj.status = { phase: "Pending", qosClass: "BestEffort" };
      break;
    case "Secret":
      defaultSecret(obj);
      break;
    case "Namespace":
      defaultNamespace(obj);
      break;
    case "CustomResourceDefinition":
      obj.status = { acceptedNames: { kind: "", plural: "" }, conditions: [], storedVersions: [] };
      if (!(obj.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) {
        obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), CRD_CLEANUP_FINALIZER];
      }
      break;
    default:
      break;
  }
}

/** Defaulting applied on every write (stringData folds into data on updates too). */
export function applyUpdateDefaults(obj: KubeObject, rt: ResourceType): void {
  if (rt.custom) return;
  if (rt.kind === "Secret") defaultSecret(obj);
  if (rt.kind === "Pod") defaultPod(obj);
}
