export { HYDRATOR_READ_RETRY, HYDRATOR_WRITE_RETRY } from "./backoffs.js";
export { classifyOffloadError, OFFLOAD_CLASSIFIERS, sqliteClassifier } from "./classify-offload.js";
export type { CompressionAlgorithm, CompressionOptions } from "./compression.js";
export { COMPRESSION_ALGORITHMS, compressEncode, decodeDecompress, zstdAvailable } from "./compression.js";
export type { OffloadConfig } from "./config.js";
export { DEFAULT_GC_PERIOD_MS, DEFAULT_OFFLOAD_TTL_MS, offloadConfigFromEnv } from "./config.js";
export { disabledOffloadRepository } from "./disabled-repository.js";
export { parseGoDuration } from "./duration.js";
export {
  CorruptNodesError,
  isOffloadNotFound,
  NodesTooLargeError,
  OffloadDisabledError,
  OffloadFailedError,
  OffloadNotFoundError,
  OffloadStoreError,
} from "./errors.js";
export type { GarbageCollectionOptions, GarbageCollectionReport, LiveVersions } from "./gc.js";
export { collectGarbage } from "./gc.js";
export type { Hydrator, HydratorOptions } from "./hydrator.js";
export { createHydrator } from "./hydrator.js";
export type { Dialect, MigrationReport } from "./migrations.js";
export type { Nodes, OffloadNode } from "./nodes.js";
export type { OffloadKey } from "./offload-key.js";
export type { Backend, OpenOptions } from "./open.js";
export { backendOf, openOffloadRepository } from "./open.js";
export type { PackerOptions } from "./packer.js";
export {
  compressWorkflowIfNeeded,
  DEFAULT_MAX_WORKFLOW_SIZE,
  decompressWorkflow,
  isLargeWorkflow,
  isTooLargeError,
  TOO_LARGE_PREFIX,
  WorkflowTooLargeError,
  workflowSize,
} from "./packer.js";
export type { OffloadedNodes, OffloadRepository } from "./repository.js";
export type { RepositoryOptions } from "./sql-repository.js";
export { DEFAULT_CLUSTER_NAME, DEFAULT_MAX_NODES_BYTES } from "./sql-repository.js";
export { DEFAULT_TABLE_NAME } from "./table-name.js";
export type { OffloadableStatus, OffloadableWorkflow } from "./workflow.js";
