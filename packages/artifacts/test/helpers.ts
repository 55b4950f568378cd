import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Clock, RetryHooks } from "@weft/retry";

/** A clock whose sleeps return at once and are recorded, so backoffs cost no real time. */
export function instantClock(): Clock & { delays: number[] } {
  let now = 0;
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    sleep: async (ms: number) => {
      delays.push(ms);
      now += ms;
    },
  };
}

/** Hooks that record what the driver reported. */
export function recordingHooks(): RetryHooks & {
  retries: Array<{ operation: string; attempt: number; delayMs: number }>;
  giveUps: Array<{ operation: string; attempts: number; reason: string }>;
  successes: Array<{ operation: string; attempts: number }>;
} {
  const retries: Array<{ operation: string; attempt: number; delayMs: number }> = [];
  const giveUps: Array<{ operation: string; attempts: number; reason: string }> = [];
  const successes: Array<{ operation: string; attempts: number }> = [];
  return {
    retries,
    giveUps,
    successes,
    onRetry: (e) => retries.push({ operation: e.operation, attempt: e.attempt, delayMs: e.delayMs }),
    onGiveUp: (e) => giveUps.push({ operation: e.operation, attempts: e.attempts, reason: e.reason }),
    onSuccess: (e) => successes.push({ operation: e.operation, attempts: e.attempts }),
  };
}

export async function tempDir(name: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `weft-artifacts-${name}-`));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path), h);
  return h.digest("hex");
}

/** Writes `bytes` random bytes to `path`, 1 MiB at a time; returns the sha256. */
export async function writeRandomFile(path: string, bytes: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const h = createHash("sha256");
  const out = createWriteStream(path);
  async function* chunks() {
    for (let left = bytes; left > 0; left -= 1024 * 1024) {
      const c = randomBytes(Math.min(left, 1024 * 1024));
      h.update(c);
      yield c;
    }
  }
  await pipeline(chunks, out);
  return h.digest("hex");
}

/** A small tree with nested directories, an empty file and binary content. */
export async function writeTree(root: string): Promise<Record<string, string>> {
  const files: Record<string, string | Buffer> = {
    "a.txt": "alpha\n",
    empty: "",
    "sub/b.bin": randomBytes(70_000),
    "sub/deeper/c.txt": "gamma",
    "other/d.json": '{"d":1}',
  };
  const sums: Record<string, string> = {};
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
    sums[rel] = createHash("sha256").update(content).digest("hex");
  }
  return sums;
}

export async function treeSums(root: string, rels: readonly string[]): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const rel of rels)
    sums[rel] = createHash("sha256")
      .update(await readFile(join(root, rel)))
      .digest("hex");
  return sums;
}
