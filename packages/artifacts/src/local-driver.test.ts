import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instantClock, sha256File, tempDir, treeSums, writeRandomFile, writeTree } from "../test/helpers.ts";
import { ArtifactNotFound, InvalidLocation } from "./errors.js";
import { LocalDriver } from "./local-driver.js";

describe("LocalDriver", () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let root: string;
  let d: LocalDriver;

  beforeAll(async () => {
    work = await tempDir("local");
    root = join(work.path, "repo");
    d = new LocalDriver({ root });
  });
  afterAll(() => work.cleanup());

  it("round-trips a small and a 64 MiB file byte for byte", async () => {
    for (const [name, size] of [
      ["small.bin", 1234],
      ["big.bin", 64 * 1024 * 1024],
    ] as const) {
      const src = join(work.path, name);
      const sum = await writeRandomFile(src, size);
      await d.save(src, { key: `files/${name}` });
      expect(await d.exists({ key: `files/${name}` })).toBe(true);
      await d.load({ key: `files/${name}` }, join(work.path, "out", name));
      expect(await sha256File(join(work.path, "out", name))).toBe(sum);
    }
    expect(await d.list({ key: "files/" })).toEqual(["files/big.bin", "files/small.bin"]);
    await d.delete({ key: "files/big.bin" });
    expect(await d.exists({ key: "files/big.bin" })).toBe(false);
  });

  it("round-trips a directory as tar.gz and as a plain tree", async () => {
    const tree = join(work.path, "tree");
    const sums = await writeTree(tree);
    await d.save(tree, { key: "dirs/tgz" });
    expect(await d.isDirectory({ key: "dirs/tgz" })).toBe(false); // one archive file
    await d.load({ key: "dirs/tgz" }, join(work.path, "tgz-out"));
    expect(await treeSums(join(work.path, "tgz-out"), Object.keys(sums))).toEqual(sums);
    await d.save(tree, { key: "dirs/none" }, { archive: "none" });
    expect(await d.isDirectory({ key: "dirs/none" })).toBe(true);
    expect(await d.list({ key: "dirs/none/" })).toEqual(
      Object.keys(sums)
        .map((k) => `dirs/none/${k}`)
        .sort(),
    );
    await d.load({ key: "dirs/none" }, join(work.path, "none-out"));
    expect(await treeSums(join(work.path, "none-out"), Object.keys(sums))).toEqual(sums);
    await d.delete({ key: "dirs/none/" });
    expect(await d.exists({ key: "dirs/none" })).toBe(false);
  });

  it("saves streams and opens them", async () => {
    await d.saveStream(Readable.from(["a", "b", "c"]), { key: "s/abc" });
    await d.saveStream(() => Readable.from(["from source"]), { key: "s/src" });
    const chunks: Buffer[] = [];
    for await (const c of await d.openStream({ key: "s/abc" })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("abc");
    expect(await readFile(join(root, "s/src"), "utf8")).toBe("from source");
  });

  it("a missing key is ArtifactNotFound", async () => {
    await expect(d.load({ key: "nope" }, join(work.path, "nope"))).rejects.toBeInstanceOf(ArtifactNotFound);
    await expect(d.openStream({ key: "nope" })).rejects.toMatchObject({
      name: "ArtifactNotFound",
      key: "nope",
    });
  });

  it("refuses keys that escape the root: '..', absolute paths, symlinks out", async () => {
    for (const key of ["../outside", "a/../../outside", "/etc/passwd", ""]) {
      const err = await d.exists({ key }).catch((e: unknown) => e);
      expect(err, key).toBeInstanceOf(InvalidLocation);
      expect((err as InvalidLocation).field).toBe("key");
    }
    await mkdir(join(work.path, "elsewhere"), { recursive: true });
    await writeFile(join(work.path, "elsewhere", "secret"), "outside the root");
    await mkdir(root, { recursive: true });
    await symlink(join(work.path, "elsewhere"), join(root, "link"));
    await expect(d.openStream({ key: "link/secret" })).rejects.toThrow(
      /resolves outside the repository root/,
    );
    await expect(d.save(join(work.path, "tree", "a.txt"), { key: "link/new" })).rejects.toBeInstanceOf(
      InvalidLocation,
    );
    await expect(d.exists({ key: ".weft-meta/x" })).rejects.toMatchObject({ field: "key" });
  });

  it("rejects an unknown archive mode and a missing root", async () => {
    await expect(
      d.save(join(work.path, "tree"), { key: "x" }, { archive: "zip" as unknown as "none" }),
    ).rejects.toMatchObject({ field: "archive" });
    expect(() => new LocalDriver({ root: "" })).toThrow(/"root" must be a non-empty directory path/);
    expect(instantClock().delays).toEqual([]);
  });
});
