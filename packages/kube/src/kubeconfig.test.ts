import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKubeConfig } from "./kubeconfig.js";
import { KubeConfigError } from "./kubeconfig-error.js";

const dir = mkdtempSync(join(tmpdir(), "weft-kube-config-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const good = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://10.0.0.1:6443", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: x, context: { cluster: c, user: u, namespace: argo } }]
current-context: x
`;

function failure(fn: () => unknown): KubeConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KubeConfigError);
    return err as KubeConfigError;
  }
  throw new Error("expected a KubeConfigError");
}

describe("loadKubeConfig", () => {
  it("loads a file: server, token and the context's namespace", () => {
    const loaded = loadKubeConfig({ kind: "file", path: file("good", good) });
    expect(loaded.config.getCurrentCluster()?.server).toBe("https://10.0.0.1:6443");
    expect(loaded.namespace).toBe("argo");
  });

  it.each([
    ["a missing file", () => join(dir, "absent"), "file not found"],
    ["an empty file", () => file("empty", "  \n"), "file is empty"],
    [
      "malformed YAML",
      () => file("bad-yaml", "clusters: [ {name: c\n  oops: : :"),
      "not a valid kubeconfig (missed comma between flow collection entries (2:7))",
    ],
    [
      "no current-context",
      () => file("no-ctx", good.replace("current-context: x", "")),
      "has no current-context",
    ],
    [
      "an undefined current context",
      () => file("ctx-missing", good.replace("current-context: x", "current-context: y")),
      'current-context "y" is not defined in contexts',
    ],
    [
      "a cluster without a server",
      () => file("no-server", good.replace('server: "https://10.0.0.1:6443", ', "")),
      "clusters[0].cluster.server is missing",
    ],
  ])("%s gives one error naming the file and the problem", (_what, make, problem) => {
    const path = make();
    const err = failure(() => loadKubeConfig({ kind: "file", path }));
    expect(err.file).toBe(path);
    expect(err.message.startsWith(`kubeconfig ${path}: `)).toBe(true);
    expect(err.message).toContain(problem);
  });

  it("an unknown context is named", () => {
    const err = failure(() => loadKubeConfig({ kind: "file", path: file("good2", good), context: "prod" }));
    expect(err.problem).toBe('has no context "prod"');
  });

  it("explicit options and in-cluster outside a cluster", () => {
    const loaded = loadKubeConfig({
      kind: "options",
      cluster: { server: "http://127.0.0.1:1", token: "t", namespace: "ns" },
    });
    expect(loaded.namespace).toBe("ns");
    // client-node refuses plain http unless skipTLSVerify is set: options default it for http:// servers only.
    expect(loaded.config.getCurrentCluster()?.skipTLSVerify).toBe(true);
    const tls = loadKubeConfig({ kind: "options", cluster: { server: "https://10.0.0.1:6443" } });
    expect(tls.config.getCurrentCluster()?.skipTLSVerify).toBe(false);
    expect(
      failure(() => loadKubeConfig({ kind: "options", cluster: { server: "not a url" } })).problem,
    ).toContain('server "not a url" is not a URL');
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(failure(() => loadKubeConfig({ kind: "inCluster" })).problem).toContain(
        "KUBERNETES_SERVICE_HOST is not set",
      );
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });
});

describe("in-cluster configuration", () => {
  it("reads the service account token, CA and namespace under the given root", () => {
    const root = mkdtempSync(join(tmpdir(), "weft-kube-sa-"));
    const sa = join(root, "var/run/secrets/kubernetes.io/serviceaccount");
    mkdirSync(sa, { recursive: true });
    writeFileSync(join(sa, "token"), "sa-token");
    writeFileSync(join(sa, "ca.crt"), "");
    writeFileSync(join(sa, "namespace"), "argo\n");
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = "10.96.0.1";
    process.env.KUBERNETES_SERVICE_PORT = "443";
    try {
      const loaded = loadKubeConfig({ kind: "inCluster", root });
      expect(loaded.config.getCurrentCluster()?.server).toBe("https://10.96.0.1:443");
      expect(loaded.namespace).toBe("argo");
      expect(loaded.origin).toBe(sa);
      rmSync(join(sa, "token"));
      expect(failure(() => loadKubeConfig({ kind: "inCluster", root })).message).toBe(
        `kubeconfig ${join(sa, "token")}: file not found`,
      );
    } finally {
      for (const [k, v] of [
        ["KUBERNETES_SERVICE_HOST", saved.host],
        ["KUBERNETES_SERVICE_PORT", saved.port],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
