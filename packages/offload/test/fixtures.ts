import type { Nodes } from "../src/nodes.ts";

/** mulberry32: a small seeded PRNG so every randomized test names the seed that reproduces it. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHASES = ["Succeeded", "Succeeded", "Succeeded", "Failed", "Running", "Skipped", "Omitted"] as const;

/**
 * A node map shaped like a real large workflow (a DAG fanning out over items, pods with outputs and artifacts),
 * fields in Argo's Go order, until its JSON reaches `targetBytes`.
 */
export function realisticNodes(targetBytes: number, seed = 1, workflow = "big-fanout-x7k2p"): Nodes {
  const rand = seededRandom(seed);
  const nodes: Record<string, Record<string, unknown>> = {};
  const root = workflow;
  const rootNode: Record<string, unknown> = {
    id: root,
    name: root,
    displayName: root,
    type: "DAG",
    templateName: "main",
    templateScope: `local/${workflow}`,
    phase: "Running",
    startedAt: "2026-12-01T10:00:00Z",
    finishedAt: null,
    progress: "0/0",
    children: [] as string[],
  };
  nodes[root] = rootNode;
  let bytes = JSON.stringify(nodes).length;
  for (let i = 0; bytes < targetBytes; i++) {
    const id = `${workflow}-${Math.imul(i + seed * 7919, 2654435761) >>> 0}`; // a bijection: ids never collide
    const phase = PHASES[Math.floor(rand() * PHASES.length)] ?? "Succeeded";
    const started = 1796_119_200 + i * 7;
    const node: Record<string, unknown> = {
      id,
      name: `${workflow}.process(${i}:shard-${i.toString(36)})`,
      displayName: `process(${i}:shard-${i.toString(36)})`,
      type: "Pod",
      templateName: "process-shard",
      templateScope: `local/${workflow}`,
      phase,
      boundaryID: root,
      ...(phase === "Failed" ? { message: "Error (exit code 1): shard checksum mismatch" } : {}),
      startedAt: new Date(started * 1000).toISOString().replace(".000", ""),
      finishedAt:
        phase === "Running" ? null : new Date((started + 42) * 1000).toISOString().replace(".000", ""),
      progress: "1/1",
      resourcesDuration: { cpu: 1 + Math.floor(rand() * 90), memory: 10 + Math.floor(rand() * 900) },
      inputs: { parameters: [{ name: "shard", value: `shard-${i.toString(36)}` }] },
      outputs: {
        parameters: [{ name: "rows", value: String(Math.floor(rand() * 1e6)) }],
        artifacts: [
          {
            name: "main-logs",
            s3: { key: `${workflow}/${workflow}-process-shard-${i}/main.log` },
          },
        ],
        exitCode: phase === "Failed" ? "1" : "0",
      },
      hostNodeName: `worker-${Math.floor(rand() * 64)}`,
    };
    nodes[id] = node;
    (rootNode.children as string[]).push(id);
    // key, colon, node and comma in the map, plus the id and comma in the root's children
    bytes += 2 * (id.length + 3) + 1 + JSON.stringify(node).length;
  }
  return nodes;
}

/** JSON byte length. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
