/** Legacy (v1) discovery documents: /api, /apis, /apis/{group}, and the APIResourceList of each group version. */
import type { ResourceRegistry } from "./registry.js";
import { apiVersionOf } from "./resource-type.js";

export const SERVER_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.0-weft",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2026-01-01T00:00:00Z",
  goVersion: "n/a (weft local-cluster, TypeScript)",
  compiler: "node",
  platform: `${process.platform}/${process.arch}`,
};

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(name: string, versions: string[]): unknown {
  const gv = versions.map((v) => ({ groupVersion: apiVersionOf(name, v), version: v }));
  return { name, versions: gv, preferredVersion: gv[0] };
}

export function apiGroupList(registry: ResourceRegistry): unknown {
  const groups: unknown[] = [];
  for (const [name, versions] of registry.groups()) {
    if (name !== "") groups.push(groupEntry(name, versions));
  }
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroup(registry: ResourceRegistry, group: string): unknown {
  const versions = registry.groups().get(group);
  if (versions === undefined || group === "") return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...(groupEntry(group, versions) as object) };
}

export function apiResourceList(registry: ResourceRegistry, group: string, version: string): unknown {
  const resources: unknown[] = [];
  let found = false;
  for (const rt of registry.all()) {
    if (rt.group !== group || !rt.versions.includes(version)) continue;
    found = true;
    const entry: Record<string, unknown> = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: rt.verbs,
    };
    if (rt.shortNames.length > 0) entry.shortNames = rt.shortNames;
    if (rt.categories.length > 0) entry.categories = rt.categories;
    resources.push(entry);
    const sub = (name: string, kind: string, verbs: string[]) =>
      resources.push({
        name: `${rt.plural}/${name}`,
        singularName: "",
        namespaced: rt.namespaced,
        kind,
        verbs,
      });
    if (rt.subresources.status) sub("status", rt.kind, ["get", "patch", "update"]);
    if (rt.subresources.log === true) sub("log", "Pod", ["get"]);
    if (rt.subresources.binding === true) sub("binding", "Binding", ["create"]);
    if (rt.subresources.token === true) {
      resources.push({
        name: `${rt.plural}/token`,
        singularName: "",
        namespaced: rt.namespaced,
        group: "authentication.k8s.io",
        version: "v1",
        kind: "TokenRequest",
        verbs: ["create"],
      });
    }
  }
  if (!found) return undefined;
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(group, version), resources };
}
