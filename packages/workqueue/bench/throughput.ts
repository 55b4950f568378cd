// add + get + done cycles per second: @weft/workqueue (runWorkers and the raw get/done loop) against p-queue and
// fastq on the plain FIFO path (distinct keys; they have no de-duplication), plus repeating keys for ours.
// Run: pnpm bench (builds first). Plain node, no fake clock: real throughput.

import { RateLimitingQueue, runWorkers } from "@weft/workqueue";
import fastq from "fastq";
import PQueue from "p-queue";

const N = 200_000;
const REPEATS = 5;

async function weftWorkers(
  workers: number,
  keys: (i: number) => number,
  asyncHandler: boolean,
): Promise<number> {
  const q = new RateLimitingQueue<number>();
  let handled = 0;
  const pool = runWorkers(q, {
    concurrency: workers,
    handler: asyncHandler
      ? async () => {
          handled++;
        }
      : () => {
          handled++;
        },
  });
  const start = performance.now();
  for (let i = 0; i < N; i++) q.add(keys(i));
  await q.shutDownWithDrain();
  await pool.stopped;
  const ms = performance.now() - start;
  if (q.len() !== 0) throw new Error("not drained");
  lastHandled = handled;
  return ms;
}

let lastHandled = 0;

async function weftRaw(workers: number): Promise<number> {
  const q = new RateLimitingQueue<number>();
  const loop = async () => {
    for (;;) {
      const r = await q.get();
      if (r.shutdown) return;
      q.done(r.item);
    }
  };
  const loops = Array.from({ length: workers }, loop);
  const start = performance.now();
  for (let i = 0; i < N; i++) q.add(i);
  q.shutDown();
  await Promise.all(loops);
  return performance.now() - start;
}

async function pQueue(workers: number): Promise<number> {
  const q = new PQueue({ concurrency: workers });
  let handled = 0;
  const task = async () => {
    handled++;
  };
  const start = performance.now();
  for (let i = 0; i < N; i++) void q.add(task);
  await q.onIdle();
  const ms = performance.now() - start;
  if (handled !== N) throw new Error(`p-queue handled ${handled}`);
  return ms;
}

async function fastQ(workers: number): Promise<number> {
  let handled = 0;
  const q = fastq.promise(async (_i: number) => {
    handled++;
  }, workers);
  const start = performance.now();
  for (let i = 0; i < N; i++) void q.push(i);
  await q.drained();
  const ms = performance.now() - start;
  if (handled !== N) throw new Error(`fastq handled ${handled}`);
  return ms;
}

async function best(run: () => Promise<number>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await run());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN; // median
}

const rate = (ms: number, items = N) => Math.round((items / ms) * 1000);
const fmt = (n: number) => n.toLocaleString("en-US").padStart(12);

console.log(
  `add+get+done, ${N.toLocaleString("en-US")} items, median of ${REPEATS} (ops/s, higher is better)`,
);
for (const workers of [1, 8]) {
  const distinct = (i: number) => i;
  const weftAsync = rate(await best(() => weftWorkers(workers, distinct, true)));
  const weftSync = rate(await best(() => weftWorkers(workers, distinct, false)));
  const raw = rate(await best(() => weftRaw(workers)));
  const pq = rate(await best(() => pQueue(workers)));
  const fq = rate(await best(() => fastQ(workers)));
  console.log(`\n${workers} worker(s), distinct keys (plain FIFO path)`);
  console.log(`  weft runWorkers, async handler ${fmt(weftAsync)}   ${(weftAsync / pq).toFixed(2)}x p-queue`);
  console.log(`  weft runWorkers, sync handler  ${fmt(weftSync)}   ${(weftSync / pq).toFixed(2)}x p-queue`);
  console.log(`  weft raw get/done loop         ${fmt(raw)}   ${(raw / pq).toFixed(2)}x p-queue`);
  console.log(`  p-queue ${"".padEnd(22)} ${fmt(pq)}`);
  console.log(
    `  fastq (promise API) ${"".padEnd(10)} ${fmt(fq)}   weft async = ${(weftAsync / fq).toFixed(2)}x fastq`,
  );
  const repeating = rate(await best(() => weftWorkers(workers, (i) => i % 100, true)));
  console.log(
    `  weft, keys i % 100 (adds/s; duplicates of waiting keys collapse: ${lastHandled} handled) ${fmt(repeating)}`,
  );
}
