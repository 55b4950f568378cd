import type { Nodes } from "./nodes.js";

/** The parts of an Argo `WorkflowStatus` this package reads and writes; everything else is carried along. */
export interface OffloadableStatus {
  readonly nodes?: Nodes | null;
  /** base64 of the compressed JSON of `nodes`. */
  readonly compressedNodes?: string;
  /** "fnv:<n>" of the offloaded nodes; when set, `nodes` and `compressedNodes` are empty. */
  readonly offloadNodeStatusVersion?: string;
  readonly [field: string]: unknown;
}

/** The parts of an Argo `Workflow` this package reads; any Workflow object fits. */
export interface OffloadableWorkflow {
  readonly metadata?: {
    readonly uid?: string;
    readonly namespace?: string;
    readonly [field: string]: unknown;
  };
  readonly status?: OffloadableStatus;
  readonly [field: string]: unknown;
}

/** `wf` with `status` replaced; the input is never mutated. */
export function withStatus<W extends OffloadableWorkflow>(wf: W, status: OffloadableStatus): W {
  return { ...wf, status } as W;
}

/** A copy of `status` without the named fields (Go's "" / nil, which `omitempty` drops). */
export function withoutFields(
  status: OffloadableStatus,
  ...fields: ReadonlyArray<"nodes" | "compressedNodes" | "offloadNodeStatusVersion">
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...status };
  for (const f of fields) delete out[f];
  return out;
}
