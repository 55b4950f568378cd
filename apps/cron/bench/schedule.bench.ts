/**
 * 10,000 CronWorkflows on "* * * * *" against the embedded cluster (@weft/local-cluster, in this process): one
 * minute tick, measured. Prints wake lateness (scheduled time -> the timer heap fires), creation lateness
 * (scheduled time -> the create request starts), time until every Workflow exists, and CPU per tick; then the same
 * wake-up done by croner with one timer per schedule (the peer), in the same run.
 * Run: pnpm bench  (WEFT_CRON_BENCH_CRONS to change the count, WEFT_CRON_BENCH_PROFILE=<file> to profile the tick)
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { KubeConfig } from "@kubernetes/client-node";
import { createKubeClient } from "@weft/kube";
import { startApiServer } from "@weft/local-cluster";
import { Cron } from "croner";

type Lib = typeof import("../src/index.js");
const lib = (await import(new URL("../dist/index.js", import.meta.url).href)) as Lib;

const N = Number(process.env.WEFT_CRON_BENCH_CRONS ?? 10_000);
const WORKERS = Number(process.env.WEFT_CRON_BENCH_WORKERS ?? 32);

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;

// Schedule time runs a little ahead of the wall clock so the next minute starts ~8 s after setup, not up to 60 s.
let offset = 0;
const clock: import("../src/clock.js").Clock = {
  now: () => Date.now() + offset,
  setTimer: (cb, delay, o) => lib.systemClock.setTimer(cb, delay, o),
};

const server = await startApiServer({});
const kc = new KubeConfig();
kc.loadFromFile(server.kubeconfigPath);
await lib.installArgoCrds(kc, lib.systemClock);
// Through @weft/kube (one kept-alive connection pool): client-node's generated client opens a connection per request.
const kube = createKubeClient({ kubeconfig: kc, qps: Number.POSITIVE_INFINITY });
const t0 = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let i = next++; i < N; i = next++) {
      await kube.cronWorkflows.create(
        {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "CronWorkflow",
          metadata: { name: `bench-${i}` },
          spec: {
            schedules: ["* * * * *"],
            timezone: "UTC",
            workflowSpec: { entrypoint: "m", templates: [{ name: "m" }] },
          },
        },
        { namespace: "default" },
      );
    }
  }),
);
console.log(`created ${N} CronWorkflows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const wake: number[] = [];
const create: number[] = [];
let created = 0;
const createdAt: number[] = [];
const outcomes = new Map<string, number>();
const retries = new Map<string, number>();
const metrics = {
  ...lib.noMetrics,
  wakeLateness: (s: number) => wake.push(s),
  lateness: (s: number) => create.push(s),
  retryHooks: {
    onRetry: (e: { verdict: { reason: string }; error: unknown }) => {
      const key = `${e.verdict.reason}: ${e.error instanceof Error ? e.error.message.slice(0, 60) : String(e.error)}`;
      retries.set(key, (retries.get(key) ?? 0) + 1);
    },
  },
  tick: (outcome: string) => {
    if (outcome === "created") created++;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (outcome === "created") createdAt.push(clock.now());
  },
};
const scheduler = new lib.CronScheduler({
  api: new lib.WeftKubeCronApi({ kubeConfig: kc }),
  clock,
  metrics,
  workers: WORKERS,
  syncPeriodMs: 600_000,
});
// Put the next minute boundary a few seconds after registration is expected to finish.
// Registration (a first reconcile and a last-used-schedule patch per CronWorkflow) must be over before the tick: a
// CronWorkflow first seen after its tick rightly skips it, which the measurement would count as a 60 s late create.
const lead = 4000 + N * 1.5;
offset = 60_000 - ((Date.now() + lead) % 60_000);
const tickAt = Math.ceil(clock.now() / 60_000) * 60_000;
const s0 = Date.now();
await scheduler.start();
// Every CronWorkflow registered (one heap entry each) and every registration request answered.
while (!(scheduler.scheduledCount >= N && scheduler.settled()) && clock.now() < tickAt) {
  await new Promise((r) => setTimeout(r, 10));
}
console.log(
  `scheduler listed and registered ${N} CronWorkflows in ${((Date.now() - s0) / 1000).toFixed(1)} s`,
);

if (clock.now() >= tickAt) throw new Error("registration took longer than the lead time; raise it");
await new Promise((r) => setTimeout(r, tickAt - clock.now() - 200));
// WEFT_CRON_BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the tick alone (open it in Chrome DevTools).
const profileFile = process.env.WEFT_CRON_BENCH_PROFILE;
const profiler = profileFile === undefined ? undefined : new Session();
if (profiler !== undefined) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const cpu0 = process.cpuUsage();
await new Promise<void>((resolve) => {
  const poll = setInterval(() => {
    if (created >= N || clock.now() > tickAt + 120_000) {
      clearInterval(poll);
      resolve();
    }
  }, 5);
});
const done = clock.now() - tickAt;
const cpu = process.cpuUsage(cpu0);
if (profiler !== undefined && profileFile !== undefined) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(profileFile, JSON.stringify(profile));
  console.log(`CPU profile of the tick written to ${profileFile}`);
}
await scheduler.stop();
await server.close();

console.log(`\nweft-cron, one tick of ${N} CronWorkflows (${WORKERS} workers, API server in-process):`);
console.log(
  `  wake lateness      p50 ${ms(pct(wake, 50))}  p99 ${ms(pct(wake, 99))}  max ${ms(pct(wake, 100))}`,
);
console.log(
  `  creation lateness  p50 ${ms(pct(create, 50))}  p99 ${ms(pct(create, 99))}  (queueing behind ${N} creates)`,
);
console.log(
  `  tick outcomes ${[...outcomes].map(([k, v]) => `${k}=${v}`).join(" ")}; creation lateness max ${ms(Math.max(...create))}`,
);
const sortedDone = createdAt.map((t) => t - tickAt).sort((a, b) => a - b);
console.log(
  `  created (tick -> create answered) p50 ${sortedDone[Math.floor(N / 2)]} ms  p99 ${sortedDone[Math.floor(N * 0.99)]} ms  n-2 ${sortedDone[N - 3]} ms  last ${sortedDone[N - 1]} ms`,
);
if (retries.size > 0) console.log(`  retries: ${[...retries].map(([k, v]) => `${v} x ${k}`).join("; ")}`);
console.log(`  all ${created} Workflows created ${(done / 1000).toFixed(2)} s after the tick`);
console.log(
  `  CPU for the tick ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (client + API server), ${((cpu.user + cpu.system) / N).toFixed(0)} us per CronWorkflow`,
);

// Peer: croner with one timer per schedule, wake-up only (no API work).
// The heap's wake-up and croner's are a second apart, so neither delays the other.
const peerLate: number[] = [];
const heapAt = Math.ceil((Date.now() + 2000) / 1000) * 1000 + 1000;
const peerAt = heapAt + 2000;
const secondOfPeer = new Date(peerAt).getUTCSeconds();
const jobs: Cron[] = [];
for (let i = 0; i < N; i++) {
  jobs.push(
    new Cron(`${secondOfPeer} * * * * *`, { timezone: "UTC" }, () => {
      peerLate.push((Date.now() - peerAt) / 1000);
    }),
  );
}
const heapLate: number[] = [];
const heap = new lib.TimerHeap(lib.systemClock, (_k, due) => heapLate.push((Date.now() - due) / 1000));
const _peerStart = process.cpuUsage();
for (let i = 0; i < N; i++) heap.schedule(`k${i}`, heapAt);
await new Promise<void>((r) => {
  const poll = setInterval(() => {
    if ((peerLate.length >= N && heapLate.length >= N) || Date.now() > peerAt + 10_000) {
      clearInterval(poll);
      r();
    }
  }, 5);
});
for (const j of jobs) j.stop();
console.log(`\nwake-up only, ${N} schedules due at the same second (same run):`);
console.log(`  weft TimerHeap (1 timer)   p50 ${ms(pct(heapLate, 50))}  p99 ${ms(pct(heapLate, 99))}`);
console.log(`  croner (${N} timers)      p50 ${ms(pct(peerLate, 50))}  p99 ${ms(pct(peerLate, 99))}`);
process.exit(0);
