export { type Clock, pause, sleep, systemClock } from "./clock.js";
export { type EnqueueOptions, enqueueHandler } from "./enqueue-handler.js";
export {
  AlreadyExistsError,
  apiError,
  ConflictError,
  GoneError,
  InvalidError,
  isAlreadyExists,
  isConflict,
  isGone,
  isInvalid,
  isNotFound,
  KubeApiError,
  type KubeStatus,
  NotFoundError,
  parseStatus,
  toKubeApiError,
} from "./errors.js";
export { EventRecorder, type EventRecorderOptions } from "./event-recorder.js";
export { FakeClock } from "./fake-clock.js";
export {
  type Check,
  type CheckResult,
  HealthChecks,
  type HealthServer,
  startHealthServer,
} from "./health.js";
export { byLabel, byOwnerUid, byUid, Indexer, type IndexFunc, NAMESPACE_INDEX } from "./indexer.js";
export { Informer, type InformerOptions, type UndecodableReport } from "./informer.js";
export type { InformerHandlers, InformerPhase, InformerState } from "./informer-types.js";
export {
  createKubeClient,
  DEFAULT_BURST,
  DEFAULT_QPS,
  type KubeClient,
  type KubeClientOptions,
} from "./kube-client.js";
export {
  type ClusterOptions,
  type KubeConfigSource,
  type LoadedKubeConfig,
  loadKubeConfig,
  SERVICE_ACCOUNT_DIR,
} from "./kubeconfig.js";
export { KubeConfigError } from "./kubeconfig-error.js";
export {
  JITTER_FACTOR,
  type LeaderCallbacks,
  type LeaderElectionOptions,
  LeaderElector,
} from "./leader-election.js";
export { type LeaderElectionRecord, LeaseLock, microTime, recordOf } from "./lease-lock.js";
export {
  Lifecycle,
  type LifecycleOptions,
  type ProcessLike,
  type ShutdownContext,
  type ShutdownStep,
} from "./lifecycle.js";
export { createLogger, type LoggerConfig } from "./logger.js";
export { applyMergePatch, createMergePatch } from "./merge-patch.js";
export { compareResourceVersions, objectKey, splitKey } from "./object-key.js";
export { type RateLimiterOptions, RequestRateLimiter } from "./rate-limiter.js";
export type { RequestHook, RequestInfo, Verb } from "./request-info.js";
export {
  type CallOptions,
  type DeleteOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  ResourceClient,
  type WriteOptions,
} from "./resource-client.js";
export {
  apiVersionOf,
  CRON_WORKFLOWS,
  EVENTS,
  LEASES,
  PODS,
  type ResourceType,
  resourcePath,
  WORKFLOW_TASK_RESULTS,
  WORKFLOW_TEMPLATES,
  WORKFLOWS,
} from "./resource-type.js";
export { type ApiRequest, Transport, type TransportOptions } from "./transport.js";
export type {
  CronWorkflow,
  CustomObject,
  EventType,
  KubeEvent,
  KubeList,
  KubeObject,
  Lease,
  LeaseSpec,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  Pod,
  WatchEventType,
  Workflow,
  WorkflowTaskResult,
  WorkflowTemplate,
} from "./types.js";
export {
  type Mutation,
  patchStatusChanges,
  retryOnConflict,
  type UpdateOptions,
  updateWithRetry,
} from "./update.js";
export { type RawWatchEvent, type WatchOptions, watchStream } from "./watch-stream.js";
