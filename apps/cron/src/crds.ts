import {
  ApiextensionsV1Api,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from "@kubernetes/client-node";
import { toKubeApiError } from "@weft/kube";
import type { Clock } from "./clock.js";

/**
 * Argo's minimal CRDs for the two kinds the scheduler uses (spec and status keep unknown fields; no status
 * subresource, as Argo ships them). The embedded cluster gets these when nothing else installed them.
 */
export function argoCrds(): V1CustomResourceDefinition[] {
  return (
    [
      ["workflows", "Workflow", ["wf"]],
      ["cronworkflows", "CronWorkflow", ["cwf", "cronwf"]],
    ] as const
  ).map(([plural, kind, shortNames]) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.argoproj.io` },
    spec: {
      group: "argoproj.io",
      scope: "Namespaced",
      names: {
        plural,
        singular: kind.toLowerCase(),
        kind,
        listKind: `${kind}List`,
        shortNames: [...shortNames],
      },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: { type: "object", x_kubernetes_preserve_unknown_fields: true },
                status: { type: "object", x_kubernetes_preserve_unknown_fields: true },
              },
            },
          },
        },
      ],
    },
  }));
}

/** Creates the CRDs that are missing and waits until they are established. */
export async function installArgoCrds(
  kubeConfig: KubeConfig,
  clock: Clock,
  timeoutMs = 10_000,
): Promise<void> {
  const api = kubeConfig.makeApiClient(ApiextensionsV1Api);
  for (const crd of argoCrds()) {
    try {
      await api.createCustomResourceDefinition({ body: crd });
    } catch (error) {
      if (toKubeApiError(error)?.code !== 409) throw error;
    }
    const name = crd.metadata?.name ?? "";
    const start = clock.now();
    for (;;) {
      const got = await api.readCustomResourceDefinition({ name });
      if (got.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
      if (clock.now() - start > timeoutMs)
        throw new Error(`CRD ${name} not established after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => clock.setTimer(resolve, 20));
    }
  }
}
