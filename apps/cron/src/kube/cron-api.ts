import type { KubeClient } from "@weft/kube";
import type { CronWorkflow, CronWorkflowStatus, Workflow } from "../types.js";

/**
 * The Kubernetes calls the scheduler makes. {@link WeftKubeCronApi} implements it on `@weft/kube`; the informers
 * list and watch through `kube`. Tests may wrap it (to count calls), but the e2e suite always runs it against a
 * real API server.
 */
export interface CronApi {
  /** The client the CronWorkflow and Workflow informers read through. */
  readonly kube: KubeClient;
  /** Watch and list in this namespace only; undefined = all namespaces. */
  readonly namespace: string | undefined;
  createWorkflow(namespace: string, workflow: Workflow, signal: AbortSignal): Promise<Workflow>;
  getWorkflow(namespace: string, name: string): Promise<Workflow>;
  deleteWorkflow(namespace: string, name: string): Promise<void>;
  /** Merge patch of `spec.shutdown` (Argo's `TerminateWorkflow`). */
  terminateWorkflow(namespace: string, name: string): Promise<void>;
  /** Merge patch of the CronWorkflow's labels and annotations (`null` removes a key). */
  patchCronMetadata(
    namespace: string,
    name: string,
    metadata: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
  ): Promise<CronWorkflow>;
  /** Merge patch of the CronWorkflow's status (the status subresource, or the object when there is none). */
  patchCronStatus(namespace: string, name: string, status: CronWorkflowStatus): Promise<CronWorkflow>;
}
