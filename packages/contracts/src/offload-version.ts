import { fnv1_32 } from "./fnv.js";
import { goMarshal } from "./go-json.js";
import { goNodes } from "./go-layout.js";

/**
 * The JSON Argo writes for a `status.nodes` map (Go `json.Marshal(wfv1.Nodes)`): node IDs sorted, NodeStatus
 * fields in Go order with Go's omitempty rules, `startedAt`/`finishedAt` always present (`null` when unset).
 * `null`/`undefined` nodes give `null`.
 */
export function canonicalNodesJson(nodes: unknown): string {
  return goMarshal(nodes, goNodes);
}

/**
 * The offload node status version: `"fnv:"` + FNV-1 32 (not 1a) of {@link canonicalNodesJson}, in decimal.
 * `offloadVersion(null)` is `"fnv:784127654"`.
 */
export function offloadVersion(nodes: unknown): string {
  return `fnv:${fnv1_32(canonicalNodesJson(nodes))}`;
}
