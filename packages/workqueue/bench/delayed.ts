// addAfter with 100k pending delayed items: cost per addAfter (heap, O(log n)) at 10k / 100k / 1M pending, memory
// per pending item, and the time to fire them all. Fake clock, so firing is measured without waiting.
// Run with --expose-gc (pnpm bench does) for the memory figure.
import { DelayingQueue, FakeClock } from "@weft/workqueue";

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function run(pending: number, measureMemory: boolean) {
  const clock = new FakeClock();
  const keys = Array.from({ length: pending }, (_, i) => `ns/item-${i}`);
  // Random delays (a worst case for the heap, unlike monotonically increasing ones).
  let seed = 42;
  const delays = Array.from({ length: pending }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % 600_000);
  });
  const q = new DelayingQueue<string>({ clock });
  const before = measureMemory ? heapUsed() : 0;
  const t0 = performance.now();
  for (let i = 0; i < pending; i++) q.addAfter(keys[i] as string, delays[i] as number);
  const addMs = performance.now() - t0;
  const bytes = measureMemory ? (heapUsed() - before) / pending : Number.NaN;
  // dedup path: re-adding every pending item with a later time is O(1) (never postpones)
  const t1 = performance.now();
  for (let i = 0; i < pending; i++) q.addAfter(keys[i] as string, 700_000);
  const dedupMs = performance.now() - t1;
  if (q.waitingLen() !== pending) throw new Error("dedup broke");
  const t2 = performance.now();
  clock.step(600_001);
  const fireMs = performance.now() - t2;
  if (q.len() !== pending) throw new Error(`fired ${q.len()} of ${pending}`);
  return {
    addNs: (addMs * 1e6) / pending,
    dedupNs: (dedupMs * 1e6) / pending,
    fireNs: (fireMs * 1e6) / pending,
    bytes,
  };
}

console.log("DelayingQueue.addAfter with N pending delayed items (random delays)");
console.log("pending      ns/addAfter   ns/dedup-addAfter   ns/fire(pop+add)   bytes/pending item");
for (const pending of [10_000, 100_000, 1_000_000]) {
  run(pending, false); // warm-up
  const r = run(pending, pending === 100_000);
  console.log(
    `${pending.toLocaleString("en-US").padEnd(12)} ${r.addNs.toFixed(0).padStart(11)} ${r.dedupNs.toFixed(0).padStart(19)} ${r.fireNs
      .toFixed(0)
      .padStart(18)} ${Number.isNaN(r.bytes) ? "-".padStart(20) : r.bytes.toFixed(0).padStart(20)}`,
  );
}
if (gc === undefined) console.log("(run with node --expose-gc for the memory figure)");
console.log(
  "Goal: O(log n) per delayed item (ns/addAfter grows by a constant per 10x), < 200 bytes per pending item.",
);
