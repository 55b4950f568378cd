import { describe, expect, it } from "vitest";
import { parseApiPath } from "./router.js";

describe("parseApiPath", () => {
  it("splits core and group paths into request facts", () => {
    expect(parseApiPath("/api/v1/namespaces/ns1/pods/p1/status")).toEqual({
      kind: "resource",
      group: "",
      version: "v1",
      namespace: "ns1",
      resource: "pods",
      name: "p1",
      subresource: "status",
      watchPrefix: false,
    });
    expect(parseApiPath("/apis/argoproj.io/v1alpha1/workflows")).toMatchObject({
      kind: "resource",
      group: "argoproj.io",
      namespace: undefined,
      resource: "workflows",
      name: undefined,
    });
  });

  it("treats namespaces/{name}/status and /finalize as the namespace's subresources", () => {
    expect(parseApiPath("/api/v1/namespaces/ns1/status")).toMatchObject({
      resource: "namespaces",
      name: "ns1",
      subresource: "status",
    });
    expect(parseApiPath("/api/v1/namespaces/ns1")).toMatchObject({
      resource: "namespaces",
      name: "ns1",
      namespace: undefined,
    });
  });

  it("recognises discovery paths, the legacy /watch/ prefix and rejects malformed ones", () => {
    expect(parseApiPath("/api")).toEqual({ kind: "core-versions" });
    expect(parseApiPath("/apis")).toEqual({ kind: "group-list" });
    expect(parseApiPath("/apis/coordination.k8s.io")).toEqual({
      kind: "group",
      group: "coordination.k8s.io",
    });
    expect(parseApiPath("/api/v1")).toEqual({ kind: "resource-list", group: "", version: "v1" });
    expect(parseApiPath("/api/v1/watch/namespaces/a/configmaps")).toMatchObject({
      watchPrefix: true,
      namespace: "a",
      resource: "configmaps",
    });
    expect(parseApiPath("/api/v1/namespaces/a/pods/p/log/extra")).toEqual({ kind: "unknown" });
    expect(parseApiPath("/api/v1/namespaces/%E0%A4%A/pods")).toEqual({ kind: "unknown" });
    expect(parseApiPath("/version")).toEqual({ kind: "root", path: "/version" });
  });
});
