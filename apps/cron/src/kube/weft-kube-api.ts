import type { KubeConfig } from "@kubernetes/client-node";
import { createKubeClient, isNotFound, type KubeClient } from "@weft/kube";
import type { CronWorkflow, CronWorkflowStatus, Workflow } from "../types.js";
import type { CronApi } from "./cron-api.js";

/** One finished API request, for `k8s_request_total` / `k8s_request_duration`. */
export interface RequestObservation {
  readonly kind: string;
  readonly verb: string;
  readonly statusCode: number;
  readonly durationSeconds: number;
}

export interface WeftKubeCronApiOptions {
  readonly kubeConfig: KubeConfig;
  /** Watch and list in this namespace only; undefined = all namespaces. */
  readonly namespace?: string | undefined;
  readonly onRequest?: ((observation: RequestObservation) => void) | undefined;
  /** Client-side rate limit (default: none; the scheduler's own queue paces it). */
  readonly qps?: number | undefined;
  readonly burst?: number | undefined;
}

const VERBS: Record<string, string> = {
  get: "Get",
  list: "List",
  watch: "Watch",
  create: "Create",
  update: "Update",
  patch: "Patch",
  delete: "Delete",
};

/**
 * {@link CronApi} on `@weft/kube` (the shared Kubernetes plumbing: one kept-alive connection pool, typed errors,
 * abortable requests, request hooks). The default client of `weft-cron`.
 */
export class WeftKubeCronApi implements CronApi {
  readonly kube: KubeClient;
  readonly namespace: string | undefined;
  #statusSubresource: boolean | undefined;

  constructor(options: WeftKubeCronApiOptions) {
    this.kube = createKubeClient({
      kubeconfig: options.kubeConfig,
      qps: options.qps ?? Number.POSITIVE_INFINITY,
      ...(options.burst === undefined ? {} : { burst: options.burst }),
    });
    this.namespace = options.namespace;
    const onRequest = options.onRequest;
    if (onRequest !== undefined) {
      this.kube.onRequest((info) => {
        if (info.verb === "watch") return;
        onRequest({
          kind: info.kind,
          verb: VERBS[info.verb] ?? info.verb,
          statusCode: info.statusCode,
          durationSeconds: info.durationMs / 1000,
        });
      });
    }
  }

  async createWorkflow(namespace: string, workflow: Workflow, signal: AbortSignal): Promise<Workflow> {
    const body = workflow as unknown as Parameters<KubeClient["workflows"]["create"]>[0];
    return (await this.kube.workflows.create(body, { namespace, signal })) as unknown as Workflow;
  }

  async getWorkflow(namespace: string, name: string): Promise<Workflow> {
    return (await this.kube.workflows.get(namespace, name)) as unknown as Workflow;
  }

  async deleteWorkflow(namespace: string, name: string): Promise<void> {
    await this.kube.workflows.delete(namespace, name);
  }

  async terminateWorkflow(namespace: string, name: string): Promise<void> {
    await this.kube.workflows.patch(namespace, name, { spec: { shutdown: "Terminate" } }, { type: "merge" });
  }

  async patchCronMetadata(
    namespace: string,
    name: string,
    metadata: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
  ): Promise<CronWorkflow> {
    return (await this.kube.cronWorkflows.patch(
      namespace,
      name,
      { metadata },
      { type: "merge" },
    )) as unknown as CronWorkflow;
  }

  async patchCronStatus(namespace: string, name: string, status: CronWorkflowStatus): Promise<CronWorkflow> {
    if (this.#statusSubresource !== false) {
      try {
        const out = await this.kube.cronWorkflows.patchStatus(namespace, name, status);
        this.#statusSubresource = true;
        return out as unknown as CronWorkflow;
      } catch (error) {
        // A CRD without the status subresource (Argo's own): status is part of the object.
        if (!isNotFound(error) || this.#statusSubresource === true) throw error;
      }
    }
    const out = await this.kube.cronWorkflows.patch(namespace, name, { status }, { type: "merge" });
    this.#statusSubresource = false;
    return out as unknown as CronWorkflow;
  }
}
