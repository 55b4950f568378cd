// Throughput of the package's hot paths, each next to the library call it builds on, in the same run.
//   pnpm --filter @weft/contracts bench     (builds first; runs the compiled package)
import { readFileSync } from "node:fs";
import { parse } from "yaml";

type Contracts = typeof import("../src/index.js");
// A computed specifier keeps the type checker on the sources while the benchmark runs the build.
const distEntry = "../dist/index.js";
const c = (await import(distEntry)) as Contracts;

const text = readFileSync(new URL("../test/fixtures/steps-full.yaml", import.meta.url), "utf8");
const manifest: unknown = parse(text);
const status = parse(
  readFileSync(new URL("../test/fixtures/workflow-status.yaml", import.meta.url), "utf8").split(
    "\n---\n",
  )[0] ?? "",
) as {
  status: { nodes: Record<string, unknown> };
};
const nodes: Record<string, unknown> = {};
for (let i = 0; i < 200; i++) {
  for (const [id, node] of Object.entries(status.status.nodes)) nodes[`${id}-${i}`] = node;
}

function bench(name: string, fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) fn();
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / iterations / 1000);
  }
  samples.sort((a, b) => a - b);
  const median = samples[2] ?? Number.NaN;
  console.log(`${name.padEnd(58)} ${median.toFixed(1).padStart(9)} µs/op`);
  return median;
}

console.log(`node ${process.version}; nodes map of ${Object.keys(nodes).length} nodes`);
const zod = bench(
  "zod WorkflowSchema.safeParse (peer: shape only)",
  () => c.WorkflowSchema.safeParse(manifest),
  2000,
);
const full = bench(
  "validateWorkflow (shape + unknown fields + Argo rules)",
  () => c.validateWorkflow(manifest),
  2000,
);
console.log(`  -> full validation costs ${(full / zod).toFixed(2)}x a bare zod parse`);
const yamlParse = bench("yaml.parse (peer)", () => parse(text), 1000);
const load = bench(
  "validateManifestText (parse + locate + validate)",
  () => c.validateManifestText(text, "x.yaml"),
  1000,
);
console.log(`  -> loading with locations costs ${(load / yamlParse).toFixed(2)}x a bare yaml.parse`);
const stringify = bench(
  "JSON.stringify + fnv1_32 (peer: not Go-compatible)",
  () => c.fnv1_32(JSON.stringify(nodes)),
  200,
);
const version = bench("offloadVersion (Go-compatible JSON + fnv1_32)", () => c.offloadVersion(nodes), 200);
console.log(`  -> Go-compatible encoding costs ${(version / stringify).toFixed(2)}x JSON.stringify`);
bench(
  "nodeId (fnv1a32 of a node name)",
  () => c.nodeId("wf-abc12", "wf-abc12[0].step-with-a-name(3:item)"),
  200_000,
);
