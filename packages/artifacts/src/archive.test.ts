import { createReadStream, createWriteStream } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import * as tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, treeSums, writeTree } from "../test/helpers.ts";
import { packDirectory, unpackDirectory } from "./archive.js";

describe("tar.gz archives", () => {
  let work: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    work = await tempDir("archive");
  });
  afterAll(() => work.cleanup());

  it("pack then unpack gives the same tree", async () => {
    const sums = await writeTree(join(work.path, "in"));
    await packDirectory(join(work.path, "in"), join(work.path, "t.tgz"));
    await unpackDirectory(createReadStream(join(work.path, "t.tgz")), join(work.path, "out"));
    expect(await treeSums(join(work.path, "out"), Object.keys(sums))).toEqual(sums);
  });

  it("refuses an entry that would land outside the target", async () => {
    const pack = tar.pack();
    pack.entry({ name: "../escaped.txt" }, "nope");
    pack.finalize();
    await pipeline(pack, createGzip(), createWriteStream(join(work.path, "evil.tgz")));
    await expect(
      unpackDirectory(createReadStream(join(work.path, "evil.tgz")), join(work.path, "evil-out")),
    ).rejects.toThrow(/would be written outside/);
    expect(await readdir(work.path)).not.toContain("escaped.txt");
  });
});
