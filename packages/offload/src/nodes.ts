/** One node of `status.nodes` as stored: a JSON object (Argo's `NodeStatus`). */
export type OffloadNode = Readonly<Record<string, unknown>>;

/** `status.nodes`: node ID to node status. */
export type Nodes = Readonly<Record<string, OffloadNode>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `value` is not a node map, or `undefined` when it is one. */
export function nodesShapeProblem(value: unknown): string | undefined {
  if (!isRecord(value)) {
    return `expected a JSON object of node ID to node status, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`;
  }
  for (const [id, node] of Object.entries(value)) {
    if (!isRecord(node)) {
      return `node ${JSON.stringify(id)} is ${Array.isArray(node) ? "an array" : node === null ? "null" : typeof node}, expected an object`;
    }
  }
  return undefined;
}

/** Validates the `nodes` argument of a save (a `TypeError` naming the rule). */
export function checkNodes(value: unknown, field = "nodes"): Nodes {
  const problem = nodesShapeProblem(value);
  if (problem !== undefined) throw new TypeError(`${field}: ${problem}`);
  return value as Nodes;
}
