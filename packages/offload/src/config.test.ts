import { describe, expect, it } from "vitest";
import { offloadConfigFromEnv } from "./config.js";

describe("offloadConfigFromEnv", () => {
  it("uses Argo's defaults", () => {
    expect(offloadConfigFromEnv({})).toEqual({
      url: undefined,
      tableName: "argo_workflows",
      clusterName: "default",
      ttlMs: 300_000,
      gcPeriodMs: 300_000,
      maxWorkflowSize: 1_048_576,
      alwaysOffload: false,
      compression: "gzip",
      compressionLevel: undefined,
    });
  });

  it("reads every variable", () => {
    expect(
      offloadConfigFromEnv({
        WEFT_OFFLOAD_URL: "postgres://argo@db:5432/argo",
        WEFT_OFFLOAD_TABLE: "argo_offload",
        WEFT_CLUSTER_NAME: "prod-eu",
        OFFLOAD_NODE_STATUS_TTL: "10m",
        WORKFLOW_GC_PERIOD: "1m30s",
        MAX_WORKFLOW_SIZE: "2097152",
        ALWAYS_OFFLOAD_NODE_STATUS: "true",
        WORKFLOW_COMPRESSION_ALGORITHM: "zstd",
        WORKFLOW_COMPRESSION_LEVEL: "3",
      }),
    ).toEqual({
      url: "postgres://argo@db:5432/argo",
      tableName: "argo_offload",
      clusterName: "prod-eu",
      ttlMs: 600_000,
      gcPeriodMs: 90_000,
      maxWorkflowSize: 2_097_152,
      alwaysOffload: true,
      compression: "zstd",
      compressionLevel: 3,
    });
  });

  it("names the variable that is wrong", () => {
    expect(() => offloadConfigFromEnv({ OFFLOAD_NODE_STATUS_TTL: "-5m" })).toThrow(
      'OFFLOAD_NODE_STATUS_TTL: "-5m" must not be negative',
    );
    expect(() => offloadConfigFromEnv({ WORKFLOW_GC_PERIOD: "soon" })).toThrow(/^WORKFLOW_GC_PERIOD: "soon"/);
    expect(() => offloadConfigFromEnv({ MAX_WORKFLOW_SIZE: "1MiB" })).toThrow(
      'MAX_WORKFLOW_SIZE: "1MiB" must be a positive integer',
    );
    expect(() => offloadConfigFromEnv({ WEFT_OFFLOAD_TABLE: "drop;" })).toThrow(
      /^WEFT_OFFLOAD_TABLE: "drop;" must match/,
    );
    expect(() => offloadConfigFromEnv({ WORKFLOW_COMPRESSION_ALGORITHM: "lz4" })).toThrow(
      /^WORKFLOW_COMPRESSION_ALGORITHM: "lz4" is not one of gzip, zstd, brotli/,
    );
    expect(() => offloadConfigFromEnv({ WORKFLOW_COMPRESSION_LEVEL: "99" })).toThrow(
      /^WORKFLOW_COMPRESSION_LEVEL: gzip level must be an integer in \[1, 9\]/,
    );
    expect(() => offloadConfigFromEnv({ WEFT_CLUSTER_NAME: "x".repeat(65) })).toThrow(
      /^WEFT_CLUSTER_NAME: clusterName: is 65/,
    );
  });
});
