import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanLeftovers } from "./leftovers.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "weft-leftovers-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("cleanLeftovers", () => {
  it("removes directories of pods not kept, never kills a pid that is not the pod's", async () => {
    const kept = join(root, "pods", "ns_a_uid-keep");
    const gone = join(root, "pods", "ns_b_uid-gone");
    mkdirSync(join(kept, "pids"), { recursive: true });
    mkdirSync(gone, { recursive: true });
    // Our own pid: alive, but its environment has no WEFT_POD_DIR for that pod, so it must survive.
    writeFileSync(join(kept, "pids", "c.pid"), `${process.pid}\n`);
    const result = await cleanLeftovers(root, new Set(["uid-keep"]));
    expect(result.removed).toEqual([gone]);
    expect(result.killed).toEqual([]);
    expect(existsSync(kept)).toBe(true);
    expect(existsSync(join(kept, "pids", "c.pid"))).toBe(false);
    expect(existsSync(gone)).toBe(false);
  });

  it("does nothing without a pods directory", async () => {
    expect(await cleanLeftovers(join(root, "missing"), new Set())).toEqual({
      killed: [],
      removed: [],
      unverified: [],
    });
  });
});
