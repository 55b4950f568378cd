/**
 * The API server the integration tests talk to over real HTTP: `@weft/local-cluster`'s embedded server, or the
 * cluster a kubeconfig named by KUBECONFIG_UNDER_TEST points at. Tests that need fault injection run only against
 * the embedded server (`LOCAL`) and say "local-only" in their names.
 */
import { type ApiServer, startApiServer } from "@weft/local-cluster";
import { createKubeClient, type KubeClient, type KubeClientOptions } from "../../src/index.ts";

export const UNDER_TEST = process.env.KUBECONFIG_UNDER_TEST;
export const LOCAL = UNDER_TEST === undefined || UNDER_TEST === "";

export interface TestCluster {
  readonly kubeconfigPath: string;
  /** The embedded server (fault injection), undefined against a real cluster. */
  readonly local: ApiServer | undefined;
  client(options?: Omit<KubeClientOptions, "kubeconfig">): KubeClient;
  /** A fresh namespace, deleted by close(). */
  namespace(prefix: string): Promise<string>;
  close(): Promise<void>;
}

const ARGO_KINDS = [
  ["workflows", "Workflow"],
  ["cronworkflows", "CronWorkflow"],
  ["workflowtemplates", "WorkflowTemplate"],
  ["workflowtaskresults", "WorkflowTaskResult"],
] as const;

const CRDS = {
  group: "apiextensions.k8s.io",
  version: "v1",
  plural: "customresourcedefinitions",
  kind: "CustomResourceDefinition",
  namespaced: false,
} as const;

/** Installs minimal argoproj.io CRDs (any fields, status subresource) unless the cluster already has them. */
async function installArgoCrds(client: KubeClient): Promise<void> {
  const crds = client.resource(CRDS);
  for (const [plural, kind] of ARGO_KINDS) {
    const name = `${plural}.argoproj.io`;
    try {
      await crds.get(undefined, name);
      continue;
    } catch {
      // not there yet
    }
    await crds
      .create({
        metadata: { name },
        spec: {
          group: "argoproj.io",
          scope: "Namespaced",
          names: { plural, kind, singular: kind.toLowerCase(), listKind: `${kind}List` },
          versions: [
            {
              name: "v1alpha1",
              served: true,
              storage: true,
              subresources: plural === "workflows" || plural === "cronworkflows" ? { status: {} } : {},
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          ],
        },
      } as never)
      .catch(() => undefined);
  }
  for (const [plural] of ARGO_KINDS) {
    await waitFor(async () => {
      const crd = (await crds.get(undefined, `${plural}.argoproj.io`)) as unknown as {
        status?: { conditions?: { type: string; status: string }[] };
      };
      return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True") === true;
    }, `CRD ${plural}.argoproj.io established`);
  }
}

export async function testCluster(): Promise<TestCluster> {
  const local = LOCAL ? await startApiServer({ bookmarkIntervalMs: 500 }) : undefined;
  const kubeconfigPath = local?.kubeconfigPath ?? (UNDER_TEST as string);
  const admin = createKubeClient({ kubeconfig: kubeconfigPath, qps: Number.POSITIVE_INFINITY });
  await installArgoCrds(admin);
  const namespaces: string[] = [];
  const nsClient = admin.resource({
    group: "",
    version: "v1",
    plural: "namespaces",
    kind: "Namespace",
    namespaced: false,
  });
  return {
    kubeconfigPath,
    local,
    client: (options = {}) =>
      createKubeClient({ qps: Number.POSITIVE_INFINITY, ...options, kubeconfig: kubeconfigPath }),
    namespace: async (prefix) => {
      const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
      await nsClient.create({ metadata: { name } });
      namespaces.push(name);
      return name;
    },
    close: async () => {
      for (const ns of namespaces) await nsClient.delete(undefined, ns).catch(() => undefined);
      await local?.close();
    },
  };
}

/** Polls `check` (every 5 ms of real time) until it is true; fails after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Moves a fake clock forward in `stepMs` steps, letting real I/O run between steps, until `check` is true. For
 * code whose timers run on the fake clock (backoff, liveness) but whose requests are real HTTP.
 */
export async function driveUntil(
  clock: { advance(ms: number): Promise<void> },
  check: () => boolean | Promise<boolean>,
  what: string,
  stepMs = 1000,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 5));
  }
}
