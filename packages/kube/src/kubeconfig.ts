import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeConfigError } from "./kubeconfig-error.js";

/** The service account files a pod gets (`loadFromCluster`). */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Explicit connection settings, for tests and tools that know the server. */
export interface ClusterOptions {
  server: string;
  token?: string;
  /** PEM (not base64) certificate authority. */
  caData?: string;
  skipTLSVerify?: boolean;
  namespace?: string;
}

/**
 * Where the configuration comes from. Default order (as kubectl and client-go): `$KUBECONFIG`, then the in-cluster
 * service account when `KUBERNETES_SERVICE_HOST` is set, then `~/.kube/config`.
 */
export type KubeConfigSource =
  | { kind: "file"; path: string; context?: string }
  | { kind: "inCluster"; root?: string }
  | { kind: "options"; cluster: ClusterOptions }
  | { kind: "default"; context?: string };

export interface LoadedKubeConfig {
  readonly config: KubeConfig;
  /** The file read, or "in-cluster" / "options". */
  readonly origin: string;
  /** The context's namespace, else the service account's, else "default". */
  readonly namespace: string;
}

function fromFile(path: string, context: string | undefined): LoadedKubeConfig {
  if (!existsSync(path)) throw new KubeConfigError(path, "file not found");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new KubeConfigError(path, `cannot read: ${(err as Error).message}`, { cause: err });
  }
  if (text.trim() === "") throw new KubeConfigError(path, "file is empty");
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    const first = String((err as Error).message ?? err).split("\n")[0];
    throw new KubeConfigError(path, `not a valid kubeconfig (${first})`, { cause: err });
  }
  kc.makePathsAbsolute(dirname(path));
  if (context !== undefined) {
    if (kc.getContextObject(context) === null) throw new KubeConfigError(path, `has no context "${context}"`);
    kc.setCurrentContext(context);
  }
  return validated(kc, path);
}

function validated(kc: KubeConfig, origin: string): LoadedKubeConfig {
  const current = kc.getCurrentContext();
  if (current === undefined || current === "") throw new KubeConfigError(origin, "has no current-context");
  const ctx = kc.getContextObject(current);
  if (ctx === null)
    throw new KubeConfigError(origin, `current-context "${current}" is not defined in contexts`);
  const cluster = kc.getCluster(ctx.cluster);
  if (cluster === null)
    throw new KubeConfigError(
      origin,
      `context "${current}" names cluster "${ctx.cluster}", which is not defined`,
    );
  if (cluster.server === undefined || cluster.server === "") {
    throw new KubeConfigError(origin, `cluster "${cluster.name}" has no server`);
  }
  try {
    new URL(cluster.server);
  } catch {
    throw new KubeConfigError(origin, `cluster "${cluster.name}" server "${cluster.server}" is not a URL`);
  }
  return { config: kc, origin, namespace: ctx.namespace || "default" };
}

function inCluster(root: string): LoadedKubeConfig {
  const dir = join(root, SERVICE_ACCOUNT_DIR);
  if (process.env.KUBERNETES_SERVICE_HOST === undefined) {
    throw new KubeConfigError(dir, "not running in a cluster (KUBERNETES_SERVICE_HOST is not set)");
  }
  if (!existsSync(join(dir, "token"))) throw new KubeConfigError(join(dir, "token"), "file not found");
  const kc = new KubeConfig();
  kc.loadFromCluster(root);
  const loaded = validated(kc, dir);
  const nsFile = join(dir, "namespace");
  const namespace = existsSync(nsFile) ? readFileSync(nsFile, "utf8").trim() : loaded.namespace;
  return { ...loaded, namespace: namespace || "default" };
}

function fromOptions(cluster: ClusterOptions): LoadedKubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: "cluster",
        server: cluster.server,
        // client-node refuses an http:// server unless skipTLSVerify is set; there is no TLS to verify then.
        skipTLSVerify: cluster.skipTLSVerify ?? cluster.server.startsWith("http:"),
        ...(cluster.caData === undefined ? {} : { caData: Buffer.from(cluster.caData).toString("base64") }),
      },
    ],
    users: [{ name: "user", ...(cluster.token === undefined ? {} : { token: cluster.token }) }],
    contexts: [
      {
        name: "context",
        cluster: "cluster",
        user: "user",
        ...(cluster.namespace ? { namespace: cluster.namespace } : {}),
      },
    ],
    currentContext: "context",
  });
  return validated(kc, "options");
}

/**
 * Loads a kubeconfig and checks it can be used. A missing file, unreadable or malformed YAML, no current context,
 * or a cluster without a server throw one `KubeConfigError` naming the file and the problem.
 */
export function loadKubeConfig(source: KubeConfigSource = { kind: "default" }): LoadedKubeConfig {
  switch (source.kind) {
    case "file":
      return fromFile(source.path, source.context);
    case "inCluster":
      return inCluster(source.root ?? "");
    case "options":
      return fromOptions(source.cluster);
    case "default": {
      const env = process.env.KUBECONFIG;
      if (env !== undefined && env !== "") {
        const first = env.split(process.platform === "win32" ? ";" : ":").find((p) => p !== "") ?? env;
        return fromFile(first, source.context);
      }
      if (process.env.KUBERNETES_SERVICE_HOST !== undefined) return inCluster("");
      return fromFile(join(homedir(), ".kube", "config"), source.context);
    }
  }
}
