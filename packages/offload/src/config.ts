import { COMPRESSION_ALGORITHMS, type CompressionAlgorithm, checkCompression } from "./compression.js";
import { parseGoDuration } from "./duration.js";
import { checkClusterName } from "./offload-key.js";
import { DEFAULT_MAX_WORKFLOW_SIZE } from "./packer.js";
import { DEFAULT_CLUSTER_NAME } from "./sql-repository.js";
import { checkTableName, DEFAULT_TABLE_NAME } from "./table-name.js";

/** Argo's `OFFLOAD_NODE_STATUS_TTL` and `WORKFLOW_GC_PERIOD` defaults. */
export const DEFAULT_OFFLOAD_TTL_MS = 5 * 60_000;
export const DEFAULT_GC_PERIOD_MS = 5 * 60_000;

/** Offload settings as the controller reads them from its environment. */
export interface OffloadConfig {
  /** `WEFT_OFFLOAD_URL`: unset means offloading is disabled (compression still applies). */
  readonly url: string | undefined;
  /** `WEFT_OFFLOAD_TABLE` (Argo `persistence.<db>.tableName`), default "argo_workflows". */
  readonly tableName: string;
  /** `WEFT_CLUSTER_NAME` (Argo `persistence.clusterName`), default "default". */
  readonly clusterName: string;
  /** `OFFLOAD_NODE_STATUS_TTL`, Go duration, default 5m. */
  readonly ttlMs: number;
  /** `WORKFLOW_GC_PERIOD`, Go duration, default 5m. */
  readonly gcPeriodMs: number;
  /** `MAX_WORKFLOW_SIZE`, bytes, default 1048576. */
  readonly maxWorkflowSize: number;
  /** `ALWAYS_OFFLOAD_NODE_STATUS` == "true". */
  readonly alwaysOffload: boolean;
  /** `WORKFLOW_COMPRESSION_ALGORITHM`: gzip (default), zstd, brotli. */
  readonly compression: CompressionAlgorithm;
  /** `WORKFLOW_COMPRESSION_LEVEL`. */
  readonly compressionLevel: number | undefined;
}

function duration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const ms = parseGoDuration(raw, name);
  if (ms < 0) throw new TypeError(`${name}: "${raw}" must not be negative`);
  return ms;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0) {
    throw new TypeError(`${name}: "${raw}" must be a positive integer`);
  }
  return Number(raw);
}

/** Reads and validates the offload settings; a bad value is a `TypeError` naming the variable. */
export function offloadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OffloadConfig {
  const algorithm = (env.WORKFLOW_COMPRESSION_ALGORITHM || "gzip").toLowerCase();
  if (!COMPRESSION_ALGORITHMS.includes(algorithm as CompressionAlgorithm)) {
    throw new TypeError(
      `WORKFLOW_COMPRESSION_ALGORITHM: "${algorithm}" is not one of ${COMPRESSION_ALGORITHMS.join(", ")}`,
    );
  }
  const level = env.WORKFLOW_COMPRESSION_LEVEL;
  const compressionLevel = level === undefined || level === "" ? undefined : Number(level);
  checkCompression(
    {
      algorithm: algorithm as CompressionAlgorithm,
      ...(compressionLevel === undefined ? {} : { level: compressionLevel }),
    },
    { algorithm: "WORKFLOW_COMPRESSION_ALGORITHM", level: "WORKFLOW_COMPRESSION_LEVEL" },
  );
  return {
    url: env.WEFT_OFFLOAD_URL || undefined,
    tableName: checkTableName(env.WEFT_OFFLOAD_TABLE || DEFAULT_TABLE_NAME, "WEFT_OFFLOAD_TABLE"),
    clusterName: (() => {
      try {
        return checkClusterName(env.WEFT_CLUSTER_NAME || DEFAULT_CLUSTER_NAME);
      } catch (err) {
        throw new TypeError(`WEFT_CLUSTER_NAME: ${(err as Error).message}`);
      }
    })(),
    ttlMs: duration(env, "OFFLOAD_NODE_STATUS_TTL", DEFAULT_OFFLOAD_TTL_MS),
    gcPeriodMs: duration(env, "WORKFLOW_GC_PERIOD", DEFAULT_GC_PERIOD_MS),
    maxWorkflowSize: positiveInt(env, "MAX_WORKFLOW_SIZE") ?? DEFAULT_MAX_WORKFLOW_SIZE,
    alwaysOffload: env.ALWAYS_OFFLOAD_NODE_STATUS === "true",
    compression: algorithm as CompressionAlgorithm,
    compressionLevel,
  };
}
