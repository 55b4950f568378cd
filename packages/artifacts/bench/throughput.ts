// Upload and download 256 MiB through the S3 driver and through the raw SDK calls (lib-storage Upload,
// GetObject piped to a file) against radosgw, in the same run. Prints MiB/s, the driver/raw ratio and the peak
// RSS growth of each phase. Starts radosgw with tooling/scripts/radosgw.sh when it is not running (and stops it
// again afterwards). Run: pnpm --filter @weft/artifacts bench   (builds dist first)
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

// Runs on the built package (plain Node cannot resolve the sources' .js specifiers); typed from the sources so
// a clean checkout type-checks before dist exists.
const dist = new URL("../dist/index.js", import.meta.url).href;
const { createS3Driver } = (await import(dist)) as typeof import("../src/index.ts");

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MIB ?? 256) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const PART = 8 * MiB;
const QUEUE = 4;

const script = fileURLToPath(new URL("../../../tooling/scripts/radosgw.sh", import.meta.url));
const up = execFileSync("bash", [script, "up", "--holder", String(process.pid)], { encoding: "utf8" });
const env = Object.fromEntries(
  up
    .split("\n")
    .map((l) => /^(WEFT_RGW_[A-Z_]+)=(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1], m[2]]),
);
const endpoint = env.WEFT_RGW_ENDPOINT ?? "http://127.0.0.1:4590";
const credentials = {
  accessKeyId: env.WEFT_RGW_ACCESS_KEY ?? "TESTKEY",
  secretAccessKey: env.WEFT_RGW_SECRET_KEY ?? "TESTSECRET",
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function measure(fn: () => Promise<void>): Promise<{ seconds: number; peakRssMiB: number }> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, peakRssMiB: (peak - base) / MiB };
}

async function sha256(path: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path), h);
  return h.digest("hex");
}

const work = await mkdtemp(join(tmpdir(), "weft-artifacts-bench-"));
const bucket = `weft-bench-${randomBytes(4).toString("hex")}`;
const raw = new S3Client({
  endpoint,
  region: "us-east-1",
  forcePathStyle: true,
  credentials,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
const driver = createS3Driver({ endpoint, bucket, credentials, partSize: PART, queueSize: QUEUE });

try {
  await raw.send(new CreateBucketCommand({ Bucket: bucket }));
  const src = join(work, "src.bin");
  const hash = createHash("sha256");
  await pipeline(
    (async function* () {
      for (let left = SIZE; left > 0; left -= MiB) {
        const c = randomBytes(Math.min(MiB, left));
        hash.update(c);
        yield c;
      }
    })(),
    createWriteStream(src),
  );
  const sum = hash.digest("hex");

  const phases = {
    "upload raw (lib-storage Upload)": async () => {
      await new Upload({
        client: raw,
        params: { Bucket: bucket, Key: "raw.bin", Body: createReadStream(src) },
        partSize: PART,
        queueSize: QUEUE,
      }).done();
    },
    "upload driver (save)": () => driver.save(src, { key: "driver.bin" }),
    "download raw (GetObject)": async () => {
      const out = await raw.send(new GetObjectCommand({ Bucket: bucket, Key: "raw.bin" }));
      await pipeline(out.Body as Readable, createWriteStream(join(work, "raw.out")));
    },
    "download driver (load)": () => driver.load({ key: "driver.bin" }, join(work, "driver.out")),
  } as const;
  const best: Record<string, { seconds: number; peakRssMiB: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first each round, so neither always meets a warmer (or busier) gateway.
    const [upRaw, upDriver, downRaw, downDriver] = Object.entries(phases);
    const order =
      round % 2 === 0 ? [upRaw, upDriver, downRaw, downDriver] : [upDriver, upRaw, downDriver, downRaw];
    for (const [name, fn] of order.filter((p) => p !== undefined)) {
      const r = await measure(fn);
      const prev = best[name];
      best[name] = {
        seconds: Math.min(prev?.seconds ?? Number.POSITIVE_INFINITY, r.seconds),
        peakRssMiB: Math.max(prev?.peakRssMiB ?? 0, r.peakRssMiB),
      };
    }
    // radosgw frees deleted objects by garbage collection; deleting each round keeps the in-memory OSD small.
    for (const key of ["raw.bin", "driver.bin"])
      await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
  if ((await sha256(join(work, "raw.out"))) !== sum || (await sha256(join(work, "driver.out"))) !== sum) {
    throw new Error("downloaded bytes differ from the source");
  }
  const mibs = (name: string) => SIZE / MiB / (best[name]?.seconds ?? Number.NaN);
  console.log(
    `@weft/artifacts S3 throughput, ${SIZE / MiB} MiB against radosgw ${endpoint}, best of ${ROUNDS}`,
  );
  for (const [name, r] of Object.entries(best)) {
    console.log(
      `  ${name.padEnd(34)} ${mibs(name).toFixed(1).padStart(7)} MiB/s  ${r.seconds.toFixed(2)} s  peak RSS +${r.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  const upRatio = mibs("upload driver (save)") / mibs("upload raw (lib-storage Upload)");
  const downRatio = mibs("download driver (load)") / mibs("download raw (GetObject)");
  const peak = Math.max(
    best["upload driver (save)"]?.peakRssMiB ?? 0,
    best["download driver (load)"]?.peakRssMiB ?? 0,
  );
  console.log(
    `  driver/raw throughput: upload ${upRatio.toFixed(2)}x, download ${downRatio.toFixed(2)}x (goal >= 0.9x)`,
  );
  console.log(`  driver peak RSS growth: ${peak.toFixed(0)} MiB (goal < 150 MiB); sha256 verified`);
  for (const key of ["raw.bin", "driver.bin"])
    await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  await raw.send(new DeleteBucketCommand({ Bucket: bucket }));
} finally {
  raw.destroy();
  await rm(work, { recursive: true, force: true });
  execFileSync("bash", [script, "down", "--holder", String(process.pid)], { stdio: "ignore" });
}
