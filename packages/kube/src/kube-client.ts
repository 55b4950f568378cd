import type { KubeConfig } from "@kubernetes/client-node";
import type { Clock } from "./clock.js";
import { type KubeConfigSource, loadKubeConfig } from "./kubeconfig.js";
import { RequestRateLimiter } from "./rate-limiter.js";
import type { RequestHook } from "./request-info.js";
import { ResourceClient } from "./resource-client.js";
import {
  CRON_WORKFLOWS,
  EVENTS,
  LEASES,
  PODS,
  type ResourceType,
  WORKFLOW_TASK_RESULTS,
  WORKFLOW_TEMPLATES,
  WORKFLOWS,
} from "./resource-type.js";
import { Transport } from "./transport.js";
import type {
  CronWorkflow,
  KubeEvent,
  KubeObject,
  Lease,
  Pod,
  Workflow,
  WorkflowTaskResult,
  WorkflowTemplate,
} from "./types.js";

/** Argo's controller flags `--qps 20 --burst 30`. */
export const DEFAULT_QPS = 20;
export const DEFAULT_BURST = 30;

export interface KubeClientOptions {
  /** A kubeconfig path, a source (`{ kind: "inCluster" }`, `{ kind: "options", cluster }`), or a loaded config. */
  kubeconfig?: string | KubeConfigSource | KubeConfig;
  /** Client-side rate limit (token bucket). Default 20 qps; `Infinity` disables it. */
  qps?: number;
  /** Default 30. */
  burst?: number;
  /** Called after every request with its verb, kind and status code. */
  onRequest?: RequestHook;
  /** Non-watch request timeout, default 60 s (0: none). */
  requestTimeoutMs?: number;
  userAgent?: string;
  clock?: Clock;
}

export interface KubeClient {
  readonly config: KubeConfig;
  /** The context's (or service account's) namespace, else "default". */
  readonly namespace: string;
  readonly transport: Transport;
  readonly pods: ResourceClient<Pod>;
  readonly events: ResourceClient<KubeEvent>;
  readonly leases: ResourceClient<Lease>;
  readonly workflows: ResourceClient<Workflow>;
  readonly cronWorkflows: ResourceClient<CronWorkflow>;
  readonly workflowTemplates: ResourceClient<WorkflowTemplate>;
  readonly workflowTaskResults: ResourceClient<WorkflowTaskResult>;
  /** A client for any other kind. */
  resource<T extends KubeObject>(type: ResourceType): ResourceClient<T>;
  /** Adds a request hook; returns its remover. */
  onRequest(hook: RequestHook): () => void;
}

function isKubeConfig(value: unknown): value is KubeConfig {
  return typeof value === "object" && value !== null && "makeApiClient" in value;
}

/** Builds a client from a kubeconfig (default: `$KUBECONFIG`, in-cluster, `~/.kube/config`). */
export function createKubeClient(options: KubeClientOptions = {}): KubeClient {
  const source = options.kubeconfig;
  let config: KubeConfig;
  let namespace = "default";
  if (isKubeConfig(source)) {
    config = source;
    const ctx = config.getContextObject(config.getCurrentContext());
    namespace = ctx?.namespace || "default";
  } else {
    const loaded = loadKubeConfig(typeof source === "string" ? { kind: "file", path: source } : source);
    config = loaded.config;
    namespace = loaded.namespace;
  }
  const qps = options.qps ?? DEFAULT_QPS;
  const limiter =
    qps === Number.POSITIVE_INFINITY
      ? undefined
      : new RequestRateLimiter({
          qps,
          burst: options.burst ?? DEFAULT_BURST,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        });
  const transport = new Transport({
    config,
    limiter,
    hooks: options.onRequest === undefined ? [] : [options.onRequest],
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });
  const resource = <T extends KubeObject>(type: ResourceType) => new ResourceClient<T>(transport, type);
  return {
    config,
    namespace,
    transport,
    pods: resource<Pod>(PODS),
    events: resource<KubeEvent>(EVENTS),
    leases: resource<Lease>(LEASES),
    workflows: resource<Workflow>(WORKFLOWS),
    cronWorkflows: resource<CronWorkflow>(CRON_WORKFLOWS),
    workflowTemplates: resource<WorkflowTemplate>(WORKFLOW_TEMPLATES),
    workflowTaskResults: resource<WorkflowTaskResult>(WORKFLOW_TASK_RESULTS),
    resource,
    onRequest: (hook) => transport.onRequest(hook),
  };
}
