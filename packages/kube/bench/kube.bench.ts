// Request and informer overhead of @weft/kube against @kubernetes/client-node 2.0.1 (the peer library), both
// talking over real HTTP to the embedded API server in this process. Run: pnpm --filter @weft/kube bench
import { CoreV1Api, KubeConfig, makeInformer, type V1ConfigMap } from "@kubernetes/client-node";
import type * as Kube from "../src/index.ts";

// Types from the source (so typecheck needs no build), code from the build (src imports use .js specifiers).
const dist: string = "../dist/index.js";
const { createKubeClient, Informer }: typeof Kube = await import(dist);
type KubeObject = Kube.KubeObject;

type Server = { kubeconfigPath: string; close(): Promise<void> };
type Start = (o: object) => Promise<Server>;

// The embedded server from its build, or from its TypeScript sources when the build is not there.
async function startServer(): Promise<Server> {
  let mod: { startApiServer: Start };
  try {
    mod = (await import("@weft/local-cluster")) as unknown as { startApiServer: Start };
  } catch {
    mod = (await import(new URL("../../local-cluster/src/server/api-server.ts", import.meta.url).href)) as {
      startApiServer: Start;
    };
  }
  return mod.startApiServer({ bookmarkIntervalMs: 60_000 });
}

const CONFIGMAPS = {
  group: "",
  version: "v1",
  plural: "configmaps",
  kind: "ConfigMap",
  namespaced: true,
} as const;
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function median(runs: number, fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)] as number;
}

const server = await startServer();
const kc = new KubeConfig();
kc.loadFromFile(server.kubeconfigPath);
const core = kc.makeApiClient(CoreV1Api);
const kube = createKubeClient({ kubeconfig: server.kubeconfigPath, qps: Number.POSITIVE_INFINITY });
const cms = kube.resource<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS);
const ns = "default";
await cms.create({ metadata: { name: "probe", namespace: ns }, data: { a: "1" } });

const N = 2000;
console.log(`GET one ConfigMap x ${N}, sequential (median of 3 runs)`);
const s0 = sockets();
const weftGet = await median(3, () =>
  time(async () => {
    for (let i = 0; i < N; i++) await cms.get(ns, "probe");
  }),
);
const weftSockets = sockets() - s0;
const s1 = sockets();
const peerGet = await median(3, () =>
  time(async () => {
    for (let i = 0; i < N; i++) await core.readNamespacedConfigMap({ name: "probe", namespace: ns });
  }),
);
const peerSockets = sockets() - s1;
console.log(
  `  @weft/kube            ${(N / (weftGet / 1000)).toFixed(0).padStart(6)} req/s  ${((weftGet / N) * 1000).toFixed(0)} us/req  new sockets: ${weftSockets}`,
);
console.log(
  `  client-node CoreV1Api ${(N / (peerGet / 1000)).toFixed(0).padStart(6)} req/s  ${((peerGet / N) * 1000).toFixed(0)} us/req  new sockets: ${peerSockets}`,
);
console.log(`  ratio (weft / client-node throughput): ${(peerGet / weftGet).toFixed(2)}x`);

const OBJECTS = 2000;
const UPDATES = 1000;
for (let i = 0; i < OBJECTS; i++)
  await cms.create({ metadata: { name: `cm-${i}`, namespace: ns }, data: { v: "0" } });
console.log(`\nInformer: initial sync of ${OBJECTS + 1} ConfigMaps, then ${UPDATES} updates delivered`);

async function weftInformer(): Promise<[number, number]> {
  let updates = 0;
  const informer = new Informer(cms, { namespace: ns, pageSize: 500 });
  informer.addEventHandler({ onUpdate: () => void updates++ });
  const sync = await time(async () => {
    informer.start();
    await informer.waitForSync();
  });
  const deliver = await time(async () => {
    await Promise.all(
      Array.from({ length: UPDATES }, (_, i) =>
        cms.patch(ns, `cm-${i}`, { data: { v: String(Date.now()) } }),
      ),
    );
    while (updates < UPDATES) await new Promise((r) => setTimeout(r, 1));
  });
  await informer.stop();
  return [sync, deliver];
}

async function peerInformer(): Promise<[number, number]> {
  let updates = 0;
  const inf = makeInformer<V1ConfigMap>(kc, `/api/v1/namespaces/${ns}/configmaps`, () =>
    core.listNamespacedConfigMap({ namespace: ns }),
  );
  inf.on("update", () => void updates++);
  const sync = await time(() => inf.start());
  const deliver = await time(async () => {
    await Promise.all(
      Array.from({ length: UPDATES }, (_, i) =>
        cms.patch(ns, `cm-${i}`, { data: { v: String(Date.now()) } }),
      ),
    );
    while (updates < UPDATES) await new Promise((r) => setTimeout(r, 1));
  });
  await inf.stop();
  return [sync, deliver];
}

const w: [number, number][] = [];
const p: [number, number][] = [];
for (let r = 0; r < 3; r++) {
  w.push(await weftInformer());
  p.push(await peerInformer());
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
const [ws, wd] = [med(w.map((x) => x[0])), med(w.map((x) => x[1]))];
const [ps, pd] = [med(p.map((x) => x[0])), med(p.map((x) => x[1]))];
console.log(
  `  @weft/kube Informer     sync ${ws.toFixed(0).padStart(5)} ms   ${UPDATES} updates in ${wd.toFixed(0)} ms`,
);
console.log(
  `  client-node makeInformer sync ${ps.toFixed(0).padStart(4)} ms   ${UPDATES} updates in ${pd.toFixed(0)} ms`,
);
console.log(
  "  (update time includes the 1000 PATCH requests that cause them, sent through @weft/kube in both runs)",
);
await server.close();
process.exit(0);
