/**
 * Node naming rules, as Argo's controller builds node names. A node's ID is derived from its name
 * (see `nodeId`), so every component must build names identically.
 */

/** Step group `i` of a steps node: `<steps>[i]`. */
export function stepGroupNodeName(stepsNodeName: string, groupIndex: number): string {
  return `${stepsNodeName}[${groupIndex}]`;
}

/** A step inside group `i`: `<steps>[i].<step>`. */
export function stepNodeName(stepsNodeName: string, groupIndex: number, stepName: string): string {
  return `${stepsNodeName}[${groupIndex}].${stepName}`;
}

/** A DAG task: `<dag>.<task>`. */
export function dagTaskNodeName(dagNodeName: string, taskName: string): string {
  return `${dagNodeName}.${taskName}`;
}

/** Retry attempt `n` (from 0): `<retry>(n)`. */
export function retryChildNodeName(retryNodeName: string, attempt: number): string {
  return `${retryNodeName}(${attempt})`;
}

/** An exit handler: `<parent>.onExit` (the workflow's handler uses the workflow name as parent). */
export function onExitNodeName(parentNodeName: string): string {
  return `${parentNodeName}.onExit`;
}

/** A lifecycle hook: `<parent>.hooks.<hook>`. */
export function hookNodeName(parentNodeName: string, hookName: string): string {
  return `${parentNodeName}.hooks.${hookName}`;
}

/** A container of a container set: `<pod node>.<container>`. */
export function containerNodeName(podNodeName: string, containerName: string): string {
  return `${podNodeName}.${containerName}`;
}

/** Go `fmt.Sprint` of an Argo `Item`: compact JSON, strings without their quotes. */
function itemText(item: unknown): string {
  if (typeof item === "string") return JSON.stringify(item).slice(1, -1);
  return JSON.stringify(item) ?? "null";
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * How an expanded `withItems`/`withParam`/`withSequence` item appears in the node name:
 * strings as they are, numbers and booleans as JSON, lists as Go prints `[]Item` (`[a b 10]`),
 * maps as sorted `key:value` pairs joined by `,`.
 */
export function itemDescription(item: unknown): string {
  if (Array.isArray(item)) return `[${item.map((v) => itemText(v)).join(" ")}]`;
  if (typeof item === "object" && item !== null) {
    const pairs = Object.entries(item as Record<string, unknown>).map(([k, v]) => `${k}:${itemText(v)}`);
    return pairs.sort(byteCompare).join(",");
  }
  return itemText(item);
}

/** An expanded item: `<name>(<index>:<description>)`, with `(` and `)` removed from the description. */
export function expandedNodeName(name: string, index: number, item: unknown): string {
  const clean = itemDescription(item).replaceAll("(", "").replaceAll(")", "");
  return `${name}(${index}:${clean})`;
}

/**
 * The display name of a node: its name without the boundary node's name prefix, then without a leading `.`
 * (`hello1`, `[0]`, `A`, `name(0)`); the root node's display name is its own name.
 */
export function nodeDisplayName(nodeName: string, boundaryNodeName?: string | undefined): string {
  if (boundaryNodeName === undefined || boundaryNodeName === "" || !nodeName.startsWith(boundaryNodeName)) {
    return nodeName;
  }
  let rest = nodeName.slice(boundaryNodeName.length);
  const group = /^\[\d+\]\./.exec(rest);
  if (group !== null) rest = rest.slice(group[0].length);
  else if (rest.startsWith(".")) rest = rest.slice(1);
  return rest === "" ? nodeName : rest;
}
