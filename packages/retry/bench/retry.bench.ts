// Overhead of retry() around a call, against p-retry and cockatiel in the same run.
//   pnpm --filter @weft/retry bench      (builds first; runs the compiled package)
import { ConstantBackoff, retry as cockatielRetry, handleAll } from "cockatiel";
import pRetry from "p-retry";
import { RetryPolicy, retry } from "../dist/index.js";

const ITER = Number(process.env.BENCH_ITER ?? 200_000);
const ROUNDS = 7;

type Case = { name: string; run: () => Promise<unknown> };

async function measure(c: Case, iterations: number): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await c.run();
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN; // median ns/op
}

async function table(title: string, cases: Case[], iterations: number, baseline: string) {
  for (const c of cases) await measure(c, Math.min(iterations, 5000)); // warm up every path
  const results = new Map<string, number>();
  for (const c of cases) results.set(c.name, await measure(c, iterations));
  const base = results.get(baseline) ?? Number.NaN;
  const pr = results.get("p-retry") ?? Number.NaN;
  console.log(`\n${title} (${iterations} calls x ${ROUNDS} rounds, median; baseline: ${baseline})`);
  console.log(
    `${"case".padEnd(40)}${"ns/op".padStart(12)}${"vs baseline".padStart(14)}${"vs p-retry".padStart(14)}`,
  );
  for (const [name, ns] of results) {
    console.log(
      `${name.padEnd(40)}${ns.toFixed(0).padStart(12)}${`${(ns / base).toFixed(2)}x`.padStart(14)}${`${(ns / pr).toFixed(2)}x`.padStart(14)}`,
    );
  }
  return results;
}

const ok = async () => 42;
const policy = new RetryPolicy({ maxAttempts: 5, baseDelayMs: 0 });
const cockatiel = cockatielRetry(handleAll, { maxAttempts: 4, backoff: new ConstantBackoff(0) });

const first = await table(
  "Succeeds on the first attempt",
  [
    { name: "bare call", run: () => ok() },
    { name: "weft retry(fn, policy)", run: () => retry(ok, policy) },
    { name: "weft policy.execute(fn)", run: () => policy.execute(ok) },
    { name: "weft retry(fn, options)", run: () => retry(ok, { maxAttempts: 5, baseDelayMs: 0 }) },
    { name: "p-retry", run: () => pRetry(ok, { retries: 4 }) },
    { name: "cockatiel", run: () => cockatiel.execute(ok) },
  ],
  ITER,
  "bare call",
);

function failTwice() {
  let n = 0;
  return async () => {
    n++;
    if (n % 3 !== 0) throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    return 42;
  };
}
const weftFlaky = failTwice();
const pFlaky = failTwice();
const cFlaky = failTwice();
const bareFlaky = failTwice();
const everythingFlaky = failTwice();
const retryEverything = policy.with({
  classify: () => ({ transient: true, classifier: "all", reason: "all" }),
});

const twice = await table(
  "Fails twice (transient), then succeeds; zero backoff",
  [
    {
      name: "bare loop (3 calls, no classify)",
      run: async () => {
        for (;;) {
          try {
            return await bareFlaky();
          } catch {
            // retry
          }
        }
      },
    },
    { name: "weft retry(fn, policy)", run: () => retry(weftFlaky, policy) },
    { name: "weft, retry-everything classify", run: () => retry(everythingFlaky, retryEverything) },
    { name: "p-retry", run: () => pRetry(pFlaky, { retries: 4, minTimeout: 0, factor: 1 }) },
    { name: "cockatiel", run: () => cockatiel.execute(cFlaky) },
  ],
  Math.floor(ITER / 40),
  "bare loop (3 calls, no classify)",
);

// A call that does about a microsecond of work, still far cheaper than any network or disk I/O it would wrap.
const payload = {
  kind: "Workflow",
  metadata: { name: "wf", labels: { a: "1", b: "2" } },
  spec: { entrypoint: "main" },
};
const work = async () => JSON.parse(JSON.stringify(payload)) as unknown;
const real = await table(
  "Succeeds on the first attempt, around ~1 us of real work",
  [
    { name: "bare call", run: () => work() },
    { name: "weft retry(fn, policy)", run: () => retry(work, policy) },
    { name: "p-retry", run: () => pRetry(work, { retries: 4 }) },
    { name: "cockatiel", run: () => cockatiel.execute(work) },
  ],
  ITER,
  "bare call",
);

const w = first.get("weft retry(fn, policy)") ?? Number.NaN;
const b = first.get("bare call") ?? Number.NaN;
const p = first.get("p-retry") ?? Number.NaN;
const rw = (real.get("weft retry(fn, policy)") ?? Number.NaN) / (real.get("bare call") ?? Number.NaN);
console.log(
  `\nOverhead per successful call: ${(w - b).toFixed(0)} ns (one derived promise). ` +
    `Goal within 1.2x of a bare call: ${rw.toFixed(2)}x around ~1 us of work ${rw <= 1.2 ? "(met)" : "(NOT met)"}, ` +
    `${(w / b).toFixed(2)}x around an empty async function; ` +
    `no slower than p-retry: ${(w / p).toFixed(2)}x ${w <= p ? "(met)" : "(NOT met)"}; ` +
    `fail-twice vs p-retry: ${((twice.get("weft retry(fn, policy)") ?? 0) / (twice.get("p-retry") ?? 1)).toFixed(3)}x`,
);
