import {
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  Watch,
} from "@kubernetes/client-node";
import type { CronWorkflow, CronWorkflowStatus, Workflow } from "../types.js";
import type { CronApi, ListResult, WatchEventType, WatchHandle } from "./cron-api.js";
import { reuseDispatchers } from "./dispatcher-reuse.js";
import { apiErrorInfo, isNotFound } from "./status-error.js";

const GROUP = "argoproj.io";
const VERSION = "v1alpha1";

/** One finished API request, for `k8s_request_total` / `k8s_request_duration`. */
export interface RequestObservation {
  readonly kind: string;
  readonly verb: string;
  readonly statusCode: number;
  readonly durationSeconds: number;
}

export interface ClientNodeCronApiOptions {
  readonly kubeConfig: KubeConfig;
  /** Watch and list in this namespace only; undefined = all namespaces. */
  readonly namespace?: string | undefined;
  readonly onRequest?: ((observation: RequestObservation) => void) | undefined;
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the generated client cannot
 * cancel a request; the abandoned one finishes in the background and its answer is ignored).
 */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function listOf<T>(body: unknown): ListResult<T> {
  const rec = body as { items?: T[]; metadata?: { resourceVersion?: string } };
  return { items: rec.items ?? [], resourceVersion: rec.metadata?.resourceVersion ?? "" };
}

/** {@link CronApi} on `@kubernetes/client-node` (CustomObjectsApi for requests, Watch for streams). */
export class ClientNodeCronApi implements CronApi {
  readonly #api: CustomObjectsApi;
  readonly #watch: Watch;
  readonly #namespace: string | undefined;
  readonly #onRequest: ((observation: RequestObservation) => void) | undefined;
  /** Whether the CronWorkflow CRD has the status subresource (Argo's own CRDs do not); learnt on first use. */
  #statusSubresource: boolean | undefined;

  constructor(options: ClientNodeCronApiOptions) {
    reuseDispatchers(options.kubeConfig);
    this.#api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.#watch = new Watch(options.kubeConfig);
    this.#namespace = options.namespace;
    this.#onRequest = options.onRequest;
  }

  async #observe<T>(kind: string, verb: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    let statusCode = 200;
    try {
      return await call();
    } catch (error) {
      statusCode = apiErrorInfo(error).code ?? 0;
      throw error;
    } finally {
      this.#onRequest?.({ kind, verb, statusCode, durationSeconds: (performance.now() - start) / 1000 });
    }
  }

  #list<T>(plural: string, kind: string, labelSelector: string | undefined): Promise<ListResult<T>> {
    return this.#observe(kind, "List", async () => {
      const selector = labelSelector === undefined ? {} : { labelSelector };
      const body: unknown =
        this.#namespace === undefined
          ? await this.#api.listClusterCustomObject({ group: GROUP, version: VERSION, plural, ...selector })
          : await this.#api.listNamespacedCustomObject({
              group: GROUP,
              version: VERSION,
              namespace: this.#namespace,
              plural,
              ...selector,
            });
      return listOf<T>(body);
    });
  }

  async #watchPath<T>(
    plural: string,
    labelSelector: string | undefined,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: T) => void,
    onDone: (error: unknown) => void,
  ): Promise<WatchHandle> {
    const path =
      this.#namespace === undefined
        ? `/apis/${GROUP}/${VERSION}/${plural}`
        : `/apis/${GROUP}/${VERSION}/namespaces/${this.#namespace}/${plural}`;
    let stopped = false;
    const controller = await this.#watch.watch(
      path,
      {
        resourceVersion,
        allowWatchBookmarks: true,
        ...(labelSelector === undefined ? {} : { labelSelector }),
      },
      (type, object) => {
        if (stopped) return;
        if (type === "ERROR") {
          stopped = true;
          onDone(Object.assign(new Error(`watch error: ${JSON.stringify(object)}`), { body: object }));
          return;
        }
        onEvent(type as WatchEventType, object as T);
      },
      (error) => {
        if (stopped) return;
        stopped = true;
        onDone(error);
      },
    );
    return {
      stop() {
        stopped = true;
        controller.abort();
      },
    };
  }

  listCronWorkflows(labelSelector: string | undefined): Promise<ListResult<CronWorkflow>> {
    return this.#list("cronworkflows", "CronWorkflow", labelSelector);
  }

  watchCronWorkflows(
    labelSelector: string | undefined,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: CronWorkflow) => void,
    onDone: (error: unknown) => void,
  ): Promise<WatchHandle> {
    return this.#watchPath("cronworkflows", labelSelector, resourceVersion, onEvent, onDone);
  }

  listWorkflows(labelSelector: string | undefined): Promise<ListResult<Workflow>> {
    return this.#list("workflows", "Workflow", labelSelector);
  }

  watchWorkflows(
    labelSelector: string | undefined,
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: Workflow) => void,
    onDone: (error: unknown) => void,
  ): Promise<WatchHandle> {
    return this.#watchPath("workflows", labelSelector, resourceVersion, onEvent, onDone);
  }

  createWorkflow(namespace: string, workflow: Workflow, signal: AbortSignal): Promise<Workflow> {
    return this.#observe("Workflow", "Create", async () => {
      const request = this.#api.createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: "workflows",
        body: workflow,
      });
      request.catch(() => {});
      const body: unknown = await abortable(request, signal);
      return body as Workflow;
    });
  }

  getWorkflow(namespace: string, name: string): Promise<Workflow> {
    return this.#observe("Workflow", "Get", async () => {
      const body: unknown = await this.#api.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: "workflows",
        name,
      });
      return body as Workflow;
    });
  }

  async deleteWorkflow(namespace: string, name: string): Promise<void> {
    await this.#observe("Workflow", "Delete", () =>
      this.#api.deleteNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace,
        plural: "workflows",
        name,
      }),
    );
  }

  async terminateWorkflow(namespace: string, name: string): Promise<void> {
    await this.#observe("Workflow", "Patch", () =>
      this.#api.patchNamespacedCustomObject(
        {
          group: GROUP,
          version: VERSION,
          namespace,
          plural: "workflows",
          name,
          body: { spec: { shutdown: "Terminate" } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
  }

  patchCronMetadata(
    namespace: string,
    name: string,
    metadata: { labels?: Record<string, string | null>; annotations?: Record<string, string | null> },
  ): Promise<CronWorkflow> {
    return this.#observe("CronWorkflow", "Patch", async () => {
      const body: unknown = await this.#api.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, namespace, plural: "cronworkflows", name, body: { metadata } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
      return body as CronWorkflow;
    });
  }

  patchCronStatus(namespace: string, name: string, status: CronWorkflowStatus): Promise<CronWorkflow> {
    return this.#observe("CronWorkflow", "Patch", async () => {
      const options = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
      const request = {
        group: GROUP,
        version: VERSION,
        namespace,
        plural: "cronworkflows",
        name,
        body: { status },
      };
      if (this.#statusSubresource !== false) {
        try {
          const body: unknown = await this.#api.patchNamespacedCustomObjectStatus(request, options);
          this.#statusSubresource = true;
          return body as CronWorkflow;
        } catch (error) {
          // A CRD without the status subresource: status is part of the object.
          if (!isNotFound(error) || this.#statusSubresource === true) throw error;
        }
      }
      const body: unknown = await this.#api.patchNamespacedCustomObject(request, options);
      this.#statusSubresource = false;
      return body as CronWorkflow;
    });
  }
}
