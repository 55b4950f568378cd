import type { V1Container, V1EnvVar, V1Pod, V1ResourceFieldSelector } from "@kubernetes/client-node";
import type { PodConfigSource } from "./config-source.js";
import { ContainerConfigError } from "./container-config-error.js";
import { expandVars } from "./expansion.js";
import { parseQuantity } from "./quantity.js";

/** Facts about the node that `fieldRef` and `resourceFieldRef` may read. */
export interface EnvContext {
  readonly hostIP: string;
  readonly podIP: string;
  /** Node allocatable, used for `limits.*` when a container sets no limit (as a real kubelet does). */
  readonly allocatableCpu: number;
  readonly allocatableMemory: number;
}

/**
 * Resolves a container's environment the way a kubelet does: `envFrom` sources first (in order, with their
 * prefix), then `env` entries in order, each value `$(VAR)`-expanded against `base` and the variables defined
 * before it. Returns only the container's own variables, in definition order.
 */
export async function resolveContainerEnv(
  pod: V1Pod,
  container: V1Container,
  source: PodConfigSource,
  context: EnvContext,
  base: Readonly<Record<string, string>> = {},
): Promise<Record<string, string>> {
  const namespace = pod.metadata?.namespace ?? "default";
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? "";
    if (from.configMapRef !== undefined) {
      const name = from.configMapRef.name ?? "";
      const data = await source.configMap(namespace, name);
      if (data === undefined) {
        if (from.configMapRef.optional === true) continue;
        throw new ContainerConfigError(`configmap "${name}" not found`);
      }
      for (const [k, v] of data) env[prefix + k] = v.toString("utf8");
    } else if (from.secretRef !== undefined) {
      const name = from.secretRef.name ?? "";
      const data = await source.secret(namespace, name);
      if (data === undefined) {
        if (from.secretRef.optional === true) continue;
        throw new ContainerConfigError(`secret "${name}" not found`);
      }
      for (const [k, v] of data) env[prefix + k] = v.toString("utf8");
    }
  }
  for (const item of container.env ?? []) {
    const value = await resolveEnvVar(
      pod,
      container,
      item,
      source,
      context,
      (name) => env[name] ?? base[name],
    );
    if (value !== undefined) env[item.name] = value;
  }
  return env;
}

async function resolveEnvVar(
  pod: V1Pod,
  container: V1Container,
  item: V1EnvVar,
  source: PodConfigSource,
  context: EnvContext,
  lookup: (name: string) => string | undefined,
): Promise<string | undefined> {
  const namespace = pod.metadata?.namespace ?? "default";
  const from = item.valueFrom;
  if (from === undefined) return expandVars(item.value ?? "", lookup);
  if (from.fieldRef !== undefined) return fieldValue(pod, from.fieldRef.fieldPath, context);
  if (from.resourceFieldRef !== undefined) return resourceValue(container, from.resourceFieldRef, context);
  if (from.configMapKeyRef !== undefined) {
    const { name = "", key, optional } = from.configMapKeyRef;
    const data = await source.configMap(namespace, name);
    if (data === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    const value = data.get(key);
    if (value === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
    }
    return value.toString("utf8");
  }
  if (from.secretKeyRef !== undefined) {
    const { name = "", key, optional } = from.secretKeyRef;
    const data = await source.secret(namespace, name);
    if (data === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    const value = data.get(key);
    if (value === undefined) {
      if (optional === true) return undefined;
      throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
    }
    return value.toString("utf8");
  }
  throw new ContainerConfigError(`env ${item.name}: valueFrom names no supported source`);
}

/** The downward API: the value of `fieldPath` for `pod`. */
export function fieldValue(pod: V1Pod, fieldPath: string, context: EnvContext): string {
  const meta = pod.metadata ?? {};
  const mapKey = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (mapKey !== null) {
    const map = mapKey[1] === "labels" ? meta.labels : meta.annotations;
    return map?.[mapKey[2] ?? ""] ?? "";
  }
  switch (fieldPath) {
    case "metadata.name":
      return meta.name ?? "";
    case "metadata.namespace":
      return meta.namespace ?? "default";
    case "metadata.uid":
      return meta.uid ?? "";
    case "metadata.labels":
      return formatMap(meta.labels);
    case "metadata.annotations":
      return formatMap(meta.annotations);
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "default";
    case "status.hostIP":
    case "status.hostIPs":
      return context.hostIP;
    case "status.podIP":
    case "status.podIPs":
      return context.podIP;
    default:
      throw new ContainerConfigError(`fieldRef: unsupported fieldPath "${fieldPath}"`);
  }
}

function formatMap(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join("\n");
}

function resourceValue(container: V1Container, ref: V1ResourceFieldSelector, context: EnvContext): string {
  const [kind, resource] = ref.resource.split(".");
  const table = kind === "limits" ? container.resources?.limits : container.resources?.requests;
  const set = table?.[resource ?? ""];
  let value: number;
  if (resource === "cpu") {
    value =
      set !== undefined ? parseQuantity(set, ref.resource) : kind === "limits" ? context.allocatableCpu : 0;
  } else if (resource === "memory") {
    value =
      set !== undefined
        ? parseQuantity(set, ref.resource)
        : kind === "limits"
          ? context.allocatableMemory
          : 0;
  } else if (resource === "ephemeral-storage") {
    value = set !== undefined ? parseQuantity(set, ref.resource) : 0;
  } else {
    throw new ContainerConfigError(`resourceFieldRef: unsupported resource "${ref.resource}"`);
  }
  const divisor = ref.divisor === undefined ? 1 : parseQuantity(String(ref.divisor), "divisor");
  // Like the kubelet: round up, and never report 0 cpu for a container that has any.
  return String(Math.ceil(value / divisor));
}
