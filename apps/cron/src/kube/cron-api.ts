import type { CronWorkflow, CronWorkflowStatus, Workflow } from "../types.js";

/** A page of objects and the collection's resourceVersion, as a LIST returns them. */
export interface ListResult<T> {
  readonly items: T[];
  readonly resourceVersion: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchHandle {
  stop(): void;
}

/**
 * The Kubernetes calls the scheduler makes. {@link ClientNodeCronApi} implements it with `@kubernetes/client-node`;
 * tests may wrap it (to count calls) but the e2e suite always runs it against a real API server.
 */
export interface CronApi {
  listCronWorkflows(labelSelector: string | undefined): Promise<ListResult<CronWorkflow>>;
  watchCronWorkflows(
    labelSelector: string | undefined,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: CronWorkflow) => void,
    onDone: (error: unknown) => void,
  ): Promise<WatchHandle>;
  listWorkflows(labelSelector: string | undefined): Promise<ListResult<Workflow>>;
  watchWorkflows(
    labelSelector: string | undefined,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: Workflow) => void,
    onDone: (error: unknown) => void,
  ): Promise<WatchHandle>;
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
