/** Parses a request path into Kubernetes request facts (group, version, namespace, resource, name, subresource). */

export type ApiPath =
  | { kind: "root"; path: string }
  | { kind: "group-list" }
  | { kind: "core-versions" }
  | { kind: "group"; group: string }
  | { kind: "resource-list"; group: string; version: string }
  | {
      kind: "resource";
      group: string;
      version: string;
      namespace: string | undefined;
      resource: string;
      name: string | undefined;
      subresource: string | undefined;
      /** Legacy `/watch/` path prefix. */
      watchPrefix: boolean;
    }
  | { kind: "unknown" };

const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname
      .split("/")
      .filter((p) => p !== "")
      .map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

export function parseApiPath(pathname: string): ApiPath {
  const parts = decodeSegments(pathname);
  if (parts === undefined) return { kind: "unknown" };
  const [prefix] = parts;
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (prefix === "api") {
    if (parts.length === 1) return { kind: "core-versions" };
    group = "";
    version = parts[1];
    rest = parts.slice(2);
  } else if (prefix === "apis") {
    if (parts.length === 1) return { kind: "group-list" };
    group = parts[1] ?? "";
    if (parts.length === 2) return { kind: "group", group };
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { kind: "root", path: pathname };
  }
  if (version === undefined) return { kind: "unknown" };
  if (rest.length === 0) return { kind: "resource-list", group, version };
  let watchPrefix = false;
  if (rest[0] === "watch") {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? "")) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  if (resource === undefined || extra.length > 0) return { kind: "unknown" };
  return { kind: "resource", group, version, namespace, resource, name, subresource, watchPrefix };
}
