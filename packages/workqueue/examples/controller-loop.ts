// A controller loop on @weft/workqueue: informer events add keys, workers reconcile them, failures back off per key,
// poison keys are dropped after 5 retries, SIGTERM drains. Run after `pnpm run build`: node examples/controller-loop.ts
import { RateLimitingQueue, runWorkers } from "@weft/workqueue";

const queue = new RateLimitingQueue<string>({ name: "workflows" }); // default limiter: max(5 ms..1000 s, 10 qps/100)
const attempts = new Map<string, number>();

async function reconcile(key: string): Promise<void> {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  if (key === "argo/flaky" && n < 3) throw new Error("conflict: the object has been modified");
  if (key === "argo/poison") throw new Error("cannot unmarshal spec");
  process.stdout.write(`reconciled ${key} (attempt ${n})\n`);
}

const pool = runWorkers(queue, {
  concurrency: 4,
  maxRetries: 5,
  handler: (key) => reconcile(key),
  onError: (error, key, retries) =>
    process.stdout.write(`attempt ${retries + 1} of ${key} failed: ${String(error)}\n`),
  onDrop: (key, { reason, retries }) =>
    process.stdout.write(`dropped ${key}: ${reason} after ${retries} retries\n`),
});

// What an informer would do: every event adds the key. Duplicates of a waiting key collapse; an add while the key
// is being reconciled makes it run once more afterwards (never concurrently).
for (const key of ["argo/hello", "argo/flaky", "argo/hello", "argo/poison", "argo/hello"]) queue.add(key);

process.once("SIGTERM", () => queue.shutDown()); // a second signal would force it; here we stop when idle
const idle = setInterval(() => {
  if (queue.len() === 0 && queue.waitingLen() === 0 && pool.busy() === 0) {
    clearInterval(idle);
    void queue
      .shutDownWithDrain()
      .then(() => pool.stopped)
      .then(() => process.stdout.write("drained\n"));
  }
}, 20);
