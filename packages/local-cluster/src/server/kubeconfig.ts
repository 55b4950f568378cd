/** Writes a kubeconfig that kubectl and @kubernetes/client-node read unchanged. */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigSpec {
  server: string;
  token: string;
  /** Name of the cluster, user and context entries (default "weft-local"). */
  name?: string;
  namespace?: string;
  /** PEM of the certificate authority that signed the server's certificate (https servers). */
  caPem?: string;
}

export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const name = spec.name ?? "weft-local";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    // client-node refuses plain http:// unless the cluster entry skips TLS verification (there is no TLS to verify).
    clusters: [
      {
        name,
        cluster:
          spec.caPem === undefined
            ? { server: spec.server, "insecure-skip-tls-verify": true }
            : {
                server: spec.server,
                "certificate-authority-data": Buffer.from(spec.caPem).toString("base64"),
              },
      },
    ],
    users: [{ name, user: { token: spec.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: spec.namespace ?? "default" } }],
    "current-context": name,
    preferences: {},
  });
}

export async function writeKubeconfig(path: string, spec: KubeconfigSpec): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, kubeconfigYaml(spec), { mode: 0o600 });
}
