/**
 * API server benchmark: creates per second, listing 10k objects, watch fan-out latency to 100 watchers and
 * memory per stored object, each next to a plain in-memory Map baseline measured in the same run.
 * Run: pnpm bench (builds first; needs --expose-gc for the memory figures).
 */
import { EventEmitter } from "node:events";
import { Agent, request } from "node:https";
import { startApiServer } from "../dist/index.js";

const CREATES = 5000;
const LIST_OBJECTS = 10_000;
const WATCHERS = 100;
const WATCH_EVENTS = 200;
const CONCURRENCY = 16;

const gc = (globalThis as { gc?: () => void }).gc;

function heap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function configMap(i: number, prefix: string) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${prefix}-${i}`, labels: { app: "bench", shard: String(i % 10) } },
    data: { key: `value-${i}`, other: "x".repeat(64) },
  };
}

const server = await startApiServer({ watchHistorySize: 1000 });
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: server.caPem });
const url = new URL(server.url);

function call(method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        method,
        hostname: url.hostname,
        port: url.port,
        path,
        headers: {
          authorization: `Bearer ${server.token}`,
          ...(payload === undefined
            ? {}
            : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

async function createMany(n: number, prefix: string, ns: string): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const r = await call("POST", `/api/v1/namespaces/${ns}/configmaps`, configMap(i, prefix));
        if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${r.text}`);
      }
    }),
  );
  return performance.now() - start;
}

await call("POST", "/api/v1/namespaces", { metadata: { name: "bench" } });
await call("POST", "/api/v1/namespaces", { metadata: { name: "bench-list" } });

// 1. creates per second
const createMs = await createMany(CREATES, "c", "bench");
const createRate = (CREATES / createMs) * 1000;
const baseMap = new Map<string, unknown>();
let t = performance.now();
for (let i = 0; i < CREATES; i++) {
  const obj = JSON.parse(JSON.stringify(configMap(i, "c"))) as Record<string, unknown>;
  baseMap.set(`bench/c-${i}`, {
    ...obj,
    metadata: { ...(obj.metadata as object), uid: crypto.randomUUID(), resourceVersion: String(i) },
  });
}
const mapCreateRate = (CREATES / (performance.now() - t)) * 1000;

// 2. memory per stored object (server heap growth per created object vs a Map holding the same objects)
const before = heap();
await createMany(LIST_OBJECTS, "l", "bench-list");
const serverBytes = (heap() - before) / LIST_OBJECTS;
const mapBefore = heap();
const holder = new Map<string, unknown>();
for (let i = 0; i < LIST_OBJECTS; i++) {
  // The same object the server stores (with its server-set metadata), parsed from JSON as the server parses bodies.
  const obj = configMap(i, "l");
  const full = {
    ...obj,
    metadata: {
      ...obj.metadata,
      namespace: "bench-list",
      uid: crypto.randomUUID(),
      resourceVersion: String(i),
      creationTimestamp: `${new Date().toISOString().slice(0, 19)}Z`,
    },
  };
  holder.set(`bench-list/l-${i}`, JSON.parse(JSON.stringify(full)));
}
const mapBytes = (heap() - mapBefore) / LIST_OBJECTS;

// 3. list of 10k objects
const listTimes: number[] = [];
let listBytes = 0;
for (let i = 0; i < 10; i++) {
  t = performance.now();
  const r = await call("GET", "/api/v1/namespaces/bench-list/configmaps");
  listTimes.push(performance.now() - t);
  listBytes = r.text.length;
  if ((JSON.parse(r.text) as { items: unknown[] }).items.length !== LIST_OBJECTS)
    throw new Error("short list");
}
const mapListTimes: number[] = [];
for (let i = 0; i < 10; i++) {
  t = performance.now();
  JSON.stringify({ items: [...holder.values()] });
  mapListTimes.push(performance.now() - t);
}

// 4. watch fan-out latency: 100 watchers, each event's delay from write start to arrival at every watcher
const sentAt = new Map<string, number>();
const latencies: number[] = [];
const streams = await Promise.all(
  Array.from(
    { length: WATCHERS },
    () =>
      new Promise<{ close: () => void }>((resolve, reject) => {
        const req = request(
          {
            agent: new Agent({ keepAlive: false, ca: server.caPem }),
            hostname: url.hostname,
            port: url.port,
            path:
              "/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=" +
              String(server.resourceVersion()),
            headers: { authorization: `Bearer ${server.token}` },
          },
          (res) => {
            let buf = "";
            res.on("data", (chunk: Buffer) => {
              const now = performance.now();
              buf += chunk.toString("utf8");
              let nl = buf.indexOf("\n");
              while (nl >= 0) {
                const line = buf.slice(0, nl);
                buf = buf.slice(nl + 1);
                const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata
                  .name;
                const sent = sentAt.get(name);
                if (sent !== undefined) latencies.push(now - sent);
                nl = buf.indexOf("\n");
              }
            });
            resolve({ close: () => req.destroy() });
          },
        );
        req.on("error", reject);
        req.end();
      }),
  ),
);
for (let i = 0; i < WATCH_EVENTS; i++) {
  const name = `w-${i}`;
  sentAt.set(name, performance.now());
  await call("POST", "/api/v1/namespaces/bench/configmaps", configMap(i, "w"));
}
const deadline = performance.now() + 20_000;
while (latencies.length < WATCHERS * WATCH_EVENTS && performance.now() < deadline) {
  await new Promise((r) => setTimeout(r, 20));
}
for (const s of streams) s.close();
const emitter = new EventEmitter();
emitter.setMaxListeners(WATCHERS + 1);
const baseLat: number[] = [];
for (let i = 0; i < WATCHERS; i++) emitter.on("ev", (sent: number) => baseLat.push(performance.now() - sent));
for (let i = 0; i < WATCH_EVENTS; i++) emitter.emit("ev", performance.now());

await server.close();
agent.destroy();

const f = (n: number, d = 1) => n.toFixed(d);
console.log("@weft/local-cluster API server benchmark (HTTPS, keep-alive, one process)\n");
console.log(
  `creates/s            server ${f(createRate, 0)} (${CONCURRENCY} concurrent)   | Map baseline ${f(mapCreateRate, 0)}   goal > 2000`,
);
console.log(
  `list 10k objects     server p50 ${f(pct(listTimes, 50))} ms, max ${f(Math.max(...listTimes))} ms (${(listBytes / 1024 / 1024).toFixed(1)} MiB JSON)   | Map+JSON.stringify p50 ${f(pct(mapListTimes, 50))} ms`,
);
console.log(
  `watch fan-out        ${WATCHERS} watchers x ${WATCH_EVENTS} events: delivered ${latencies.length}/${WATCHERS * WATCH_EVENTS}, p50 ${f(pct(latencies, 50), 2)} ms, p99 ${f(pct(latencies, 99), 2)} ms   | EventEmitter p99 ${f(pct(baseLat, 99), 4)} ms   goal p99 < 20 ms`,
);
if (gc === undefined) {
  console.log("memory per object    (run with node --expose-gc for memory figures)");
} else {
  console.log(
    `memory per object    server ${f(serverBytes / 1024, 2)} KiB   | Map ${f(mapBytes / 1024, 2)} KiB   overhead ${f((serverBytes - mapBytes) / 1024, 2)} KiB   goal < 2 KiB`,
  );
}
