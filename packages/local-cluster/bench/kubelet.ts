/**
 * Local kubelet benchmark: how fast pods go from create to Succeeded through the embedded API server, against
 * the floor of spawning the same host processes directly with node:child_process.
 *
 *   pnpm run build && node bench/kubelet.ts [pods=100]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CoreV1Api, KubeConfig, Watch } from "@kubernetes/client-node";

// Runs the build output (plain node cannot resolve src's .js specifiers); typed from src so that type-checking
// does not need a build first.
const distEntry = new URL("../dist/index.js", import.meta.url).href;
const { Kubelet, startApiServer } = (await import(distEntry)) as typeof import("../src/index.ts");

const N = Number(process.argv[2] ?? 100);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function baseline(): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from(
      { length: N },
      () =>
        new Promise<void>((resolve) => {
          const child = spawn("sh", ["-c", "echo hi"], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
          child.stdout.resume();
          child.on("close", () => resolve());
        }),
    ),
  );
  return performance.now() - start;
}

async function kubelet(): Promise<{ totalMs: number; latencies: number[] }> {
  const root = mkdtempSync(join(tmpdir(), "weft-kubelet-bench-"));
  const server = await startApiServer({ kubeconfigPath: join(root, "kubeconfig") });
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(server.kubeconfigPath, "utf8"));
  const core = kc.makeApiClient(CoreV1Api);
  const node = new Kubelet({
    kubeConfig: kc,
    nodeName: "bench",
    rootDir: join(root, "kubelet"),
    schedule: true,
  });
  await node.start();
  const created = new Map<string, number>();
  const latencies: number[] = [];
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const watch = await new Watch(kc).watch(
    "/api/v1/namespaces/default/pods",
    {},
    (_type: string, pod: { metadata?: { name?: string }; status?: { phase?: string } }) => {
      const name = pod.metadata?.name ?? "";
      const t0 = created.get(name);
      if (pod.status?.phase === "Succeeded" && t0 !== undefined) {
        created.delete(name);
        latencies.push(performance.now() - t0);
        if (latencies.length === N) resolveAll();
      }
    },
    () => {},
  );
  const start = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) => {
      created.set(`p${i}`, performance.now());
      return core.createNamespacedPod({
        namespace: "default",
        body: {
          metadata: { name: `p${i}` },
          spec: {
            restartPolicy: "Never",
            containers: [{ name: "c", image: "x", command: ["sh", "-c", "echo hi"] }],
          },
        },
      });
    }),
  );
  await all;
  const totalMs = performance.now() - start;
  watch.abort();
  await node.stop();
  await server.close();
  rmSync(root, { recursive: true, force: true });
  return { totalMs, latencies: latencies.sort((a, b) => a - b) };
}

const base = await baseline();
const k = await kubelet();
console.log(`pods: ${N} (each runs sh -c "echo hi")`);
console.log(
  `child_process.spawn baseline : ${base.toFixed(0)} ms total, ${((N / base) * 1000).toFixed(0)} processes/s`,
);
console.log(
  `local kubelet (API + kubelet): ${k.totalMs.toFixed(0)} ms total, ${((N / k.totalMs) * 1000).toFixed(0)} pods/s, ` +
    `create->Succeeded p50 ${percentile(k.latencies, 50).toFixed(0)} ms, p99 ${percentile(k.latencies, 99).toFixed(0)} ms`,
);
console.log(`overhead per pod vs a bare spawn: ${((k.totalMs - base) / N).toFixed(1)} ms`);
