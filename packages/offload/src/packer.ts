import {
  type CompressionOptions,
  checkCompression,
  compressEncode,
  decodeDecompress,
} from "./compression.js";
import { nodesShapeProblem } from "./nodes.js";
import { type OffloadableWorkflow, withoutFields, withStatus } from "./workflow.js";

/** Argo's `MAX_WORKFLOW_SIZE` default: 1 MiB of JSON for the whole Workflow object. */
export const DEFAULT_MAX_WORKFLOW_SIZE = 1024 * 1024;

/** The prefix Argo's `IsTooLargeError` looks for. */
export const TOO_LARGE_PREFIX = "workflow is longer than maximum allowed size.";

/** Even compressed, the workflow is larger than `maxWorkflowSize`: the caller offloads (or fails). */
export class WorkflowTooLargeError extends Error {
  override readonly name = "WorkflowTooLargeError";
  readonly compressedSize: number;
  readonly maxSize: number;
  constructor(compressedSize: number, maxSize: number) {
    super(`${TOO_LARGE_PREFIX} compressed size ${compressedSize} > maxSize ${maxSize}`);
    this.compressedSize = compressedSize;
    this.maxSize = maxSize;
  }
}

/** Argo's `IsTooLargeError`: the message starts with "workflow is longer than maximum allowed size.". */
export function isTooLargeError(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith(TOO_LARGE_PREFIX);
}

export interface PackerOptions {
  /** Bytes of JSON the whole Workflow may take (`MAX_WORKFLOW_SIZE`). Default 1 MiB. */
  readonly maxWorkflowSize?: number;
  /** How `status.nodes` is compressed into `status.compressedNodes`. Default gzip. */
  readonly compression?: CompressionOptions;
}

export function checkMaxWorkflowSize(value: number | undefined): number {
  const v = value ?? DEFAULT_MAX_WORKFLOW_SIZE;
  if (!Number.isSafeInteger(v) || v <= 0) {
    throw new TypeError(`maxWorkflowSize: must be a positive integer number of bytes, got ${String(value)}`);
  }
  return v;
}

/** Bytes of the JSON of the whole object (Argo compares `len(json.Marshal(wf))`). */
export function workflowSize(wf: unknown): number {
  return Buffer.byteLength(JSON.stringify(wf), "utf8");
}

/** Argo's `IsLargeWorkflow`. */
export function isLargeWorkflow(wf: OffloadableWorkflow, maxWorkflowSize?: number): boolean {
  return workflowSize(wf) > checkMaxWorkflowSize(maxWorkflowSize);
}

/**
 * Argo's `CompressWorkflowIfNeeded`: a workflow within the limit is returned as is; a larger one gets its nodes
 * compressed into `compressedNodes`; if that is still too large, throws `WorkflowTooLargeError` (input untouched).
 */
export function compressWorkflowIfNeeded<W extends OffloadableWorkflow>(
  wf: W,
  options: PackerOptions = {},
): W {
  const max = checkMaxWorkflowSize(options.maxWorkflowSize);
  const compression = checkCompression(options.compression ?? {});
  if (workflowSize(wf) <= max) return wf;
  const status = wf.status ?? {};
  const compressed = withStatus(wf, {
    ...withoutFields(status, "nodes"),
    compressedNodes: compressEncode(JSON.stringify(status.nodes ?? null), compression),
  });
  const size = workflowSize(compressed);
  if (size > max) throw new WorkflowTooLargeError(size, max);
  return compressed;
}

/** Argo's `DecompressWorkflow`: when `nodes` is empty and `compressedNodes` is set, restores `nodes`. */
export function decompressWorkflow<W extends OffloadableWorkflow>(wf: W): W {
  const status = wf.status;
  const hasNodes =
    status?.nodes !== undefined && status.nodes !== null && Object.keys(status.nodes).length > 0;
  if (status === undefined || hasNodes || !status.compressedNodes) return wf;
  const text = decodeDecompress(status.compressedNodes);
  let nodes: unknown;
  try {
    nodes = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `compressedNodes: decompressed text is not JSON (${err instanceof Error ? err.message : String(err)})`,
      {
        cause: err,
      },
    );
  }
  if (nodes !== null) {
    const problem = nodesShapeProblem(nodes);
    if (problem !== undefined) throw new Error(`compressedNodes: ${problem}`);
  }
  return withStatus(wf, {
    ...withoutFields(status, "compressedNodes"),
    nodes: (nodes ?? {}) as Record<string, never>,
  });
}
