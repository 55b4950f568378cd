import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../tooling/scripts/radosgw.sh", import.meta.url));

function parse(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const m = /^(WEFT_RGW_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined) out[m[1]] = m[2] ?? "";
  }
  return out;
}

/**
 * Brings up Ceph radosgw for the S3 tests (installing it with apt-get on a fresh machine), or reuses a running
 * one, and stops it afterwards if this run started it. WEFT_RGW_ENDPOINT set by hand skips all of that.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.WEFT_RGW_ENDPOINT) {
    project.provide("rgw", {
      endpoint: process.env.WEFT_RGW_ENDPOINT,
      accessKeyId: process.env.WEFT_RGW_ACCESS_KEY ?? "TESTKEY",
      secretAccessKey: process.env.WEFT_RGW_SECRET_KEY ?? "TESTSECRET",
    });
    return async () => undefined;
  }
  const holder = String(process.pid);
  let stdout: string;
  try {
    ({ stdout } = await run("bash", [script, "up", "--holder", holder], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`radosgw did not start (${script} up): ${e.message}\n${(e.stderr ?? "").slice(-4000)}`);
  }
  const env = parse(stdout);
  project.provide("rgw", {
    endpoint: env.WEFT_RGW_ENDPOINT ?? "http://127.0.0.1:4590",
    accessKeyId: env.WEFT_RGW_ACCESS_KEY ?? "TESTKEY",
    secretAccessKey: env.WEFT_RGW_SECRET_KEY ?? "TESTSECRET",
  });
  return async () => {
    await run("bash", [script, "down", "--holder", holder]).catch((err: unknown) => {
      console.warn(`radosgw.sh down failed: ${String(err)}`);
    });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    rgw: { endpoint: string; accessKeyId: string; secretAccessKey: string };
  }
}
