import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AccessDenied,
  type ArtifactDriver,
  ArtifactNotFound,
  createOssDriver,
  InvalidLocation,
  type OssDriverOptions,
  StorageError,
} from "../src/index.ts";
import { FaultProxy, OssTestServer } from "../src/testing/index.ts";
import {
  instantClock,
  recordingHooks,
  sha256File,
  tempDir,
  treeSums,
  writeRandomFile,
  writeTree,
} from "./helpers.ts";

const BUCKET = "test-bucket";

describe("OSS driver against the OSS test server", () => {
  let server: OssTestServer;
  let proxy: FaultProxy;
  let dir: { path: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    server = await OssTestServer.start({ buckets: [BUCKET] });
    proxy = await FaultProxy.start({ upstream: server.endpoint, flavour: "oss" });
    dir = await tempDir("oss");
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
    await dir.cleanup();
  });
  beforeEach(() => proxy.reset());

  function driver(extra: Partial<OssDriverOptions> = {}) {
    const clock = instantClock();
    const hooks = recordingHooks();
    const d = createOssDriver({
      endpoint: proxy.url,
      bucket: BUCKET,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.accessKeySecret },
      retry: { clock, random: () => 0 },
      hooks,
      ...extra,
    });
    return { d, clock, hooks };
  }

  describe("the seed: 500 InternalError three times, then success", () => {
    const internal = { kind: "error", status: 500, code: "InternalError" } as const;

    it("save: 4 requests, 3 retries with the OSS backoff (2 s, 4 s, 8 s)", async () => {
      const { d, clock, hooks } = driver();
      const file = join(dir.path, "seed.txt");
      await writeFile(file, "seed content");
      proxy.inject({ match: { method: "PUT", url: /^\/seed\.txt/ }, times: 3, action: internal });
      await d.save(file, { key: "seed.txt" });
      expect(proxy.count({ method: "PUT", url: /^\/seed\.txt/ })).toBe(4);
      expect(hooks.retries.map((r) => r.operation)).toEqual(["oss.save", "oss.save", "oss.save"]);
      expect(clock.delays).toEqual([2000, 4000, 8000]);
      expect(hooks.successes).toEqual([{ operation: "oss.save", attempts: 4 }]);
      expect(server.object(BUCKET, "seed.txt")?.data.toString()).toBe("seed content");
    });

    it("load: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "GET", url: /^\/seed\.txt/ }, times: 3, action: internal });
      const out = join(dir.path, "seed-loaded.txt");
      await d.load({ key: "seed.txt" }, out);
      expect(proxy.count({ method: "GET", url: /^\/seed\.txt/ })).toBe(4);
      expect(hooks.retries).toHaveLength(3);
      expect(await readFile(out, "utf8")).toBe("seed content");
    });

    it("list: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "GET", url: /list-type=2/ }, times: 3, action: internal });
      expect(await d.list({ key: "seed" })).toEqual(["seed.txt"]);
      expect(proxy.count({ method: "GET", url: /list-type=2/ })).toBe(4);
      expect(hooks.retries.map((r) => r.operation)).toEqual(["oss.list", "oss.list", "oss.list"]);
    });

    it("delete: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "DELETE" }, times: 3, action: internal });
      await d.delete({ key: "seed.txt" });
      expect(proxy.count({ method: "DELETE" })).toBe(4);
      expect(hooks.retries).toHaveLength(3);
      expect(server.object(BUCKET, "seed.txt")).toBeUndefined();
    });

    it("gives up after the preset's 5 attempts with a StorageError that keeps the request id", async () => {
      const { d, hooks } = driver();
      await writeFile(join(dir.path, "five.txt"), "5");
      proxy.inject({ match: { method: "PUT" }, times: 5, action: internal });
      const err = await d.save(join(dir.path, "five.txt"), { key: "five.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({
        provider: "oss",
        code: "InternalError",
        status: 500,
        attempts: 5,
        transient: true,
      });
      expect((err as StorageError).requestId).toMatch(/^FAULT/);
      expect(proxy.count({ method: "PUT" })).toBe(5);
      expect(hooks.giveUps).toEqual([{ operation: "oss.save", attempts: 5, reason: "attempts" }]);
    });
  });

  describe("permanent errors fail after exactly 1 request", () => {
    it("NoSuchKey is ArtifactNotFound with bucket, key and request id", async () => {
      const { d, hooks } = driver();
      const err = await d.openStream({ key: "nope.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactNotFound);
      expect(err).toMatchObject({
        provider: "oss",
        bucket: BUCKET,
        key: "nope.txt",
        code: "NoSuchKey",
        status: 404,
      });
      expect(proxy.count()).toBe(1);
      expect(hooks.retries).toEqual([]);
    });

    it("load of a missing key makes one GET (then one listing to look for a directory) and no retry", async () => {
      const { d, hooks } = driver();
      const err = await d.load({ key: "nope.txt" }, join(dir.path, "nope")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactNotFound);
      expect(proxy.count({ method: "GET", url: /^\/nope\.txt/ })).toBe(1);
      expect(proxy.count()).toBe(2);
      expect(hooks.retries).toEqual([]);
    });

    it("AccessDenied is the typed AccessDenied", async () => {
      const { d, hooks } = driver();
      proxy.inject({ action: { kind: "error", status: 403, code: "AccessDenied" } });
      await writeFile(join(dir.path, "denied.txt"), "secret body");
      const err = await d.save(join(dir.path, "denied.txt"), { key: "denied.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDenied);
      expect(err).toMatchObject({ code: "AccessDenied", status: 403, attempts: 1 });
      expect(proxy.count()).toBe(1);
      expect(hooks.retries).toEqual([]);
      // never the request body or the credentials
      const text =
        JSON.stringify(err) + String((err as Error).message) + JSON.stringify((err as Error).cause);
      expect(text).not.toContain("secret body");
      expect(text).not.toContain(server.accessKeySecret);
    });

    it("a wrong secret is SignatureDoesNotMatch: AccessDenied with a clear message, no retries", async () => {
      const { d, hooks } = driver({
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: "wrong-secret" },
      });
      const err = await d.list({ key: "" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDenied);
      expect((err as Error).message).toMatch(/^wrong credentials/);
      expect(err).toMatchObject({ code: "SignatureDoesNotMatch", status: 403 });
      expect((err as Error).message).not.toContain("wrong-secret");
      expect(proxy.count()).toBe(1);
      expect(hooks.retries).toEqual([]);
    });
  });

  describe("network faults", () => {
    it("retries a connection reset", async () => {
      const { d, hooks } = driver();
      await writeFile(join(dir.path, "reset.txt"), "after reset");
      proxy.inject({ match: { method: "PUT" }, action: { kind: "reset" } });
      await d.save(join(dir.path, "reset.txt"), { key: "reset.txt" });
      expect(proxy.count({ method: "PUT" })).toBe(2);
      expect(hooks.retries).toHaveLength(1);
      expect(server.object(BUCKET, "reset.txt")?.data.toString()).toBe("after reset");
    });

    it("retries a 500 on HEAD (the code travels in x-oss-err)", async () => {
      const { d, hooks } = driver();
      proxy.inject({
        match: { method: "HEAD" },
        action: { kind: "error", status: 500, code: "InternalError" },
      });
      expect(await d.exists({ key: "reset.txt" })).toBe(true);
      expect(proxy.count({ method: "HEAD" })).toBe(2);
      expect(hooks.retries).toHaveLength(1);
    });

    it("retries a stalled request once the per-attempt timeout fires", async () => {
      const { d, hooks } = driver({ retry: { attemptTimeoutMs: 300, baseDelayMs: 1, random: () => 0 } });
      proxy.inject({ match: { method: "GET" }, action: { kind: "stall" } });
      const out = join(dir.path, "after-stall.txt");
      await d.load({ key: "reset.txt" }, out);
      expect(await readFile(out, "utf8")).toBe("after reset");
      expect(proxy.count({ method: "GET" })).toBe(2);
      expect(hooks.retries).toHaveLength(1);
    });

    it("retries a body cut off mid-stream from the start, never keeping a partial file", async () => {
      const { d, hooks } = driver();
      const src = join(dir.path, "long.bin");
      const sum = await writeRandomFile(src, 300_000);
      await d.save(src, { key: "long.bin" });
      proxy.inject({ match: { method: "GET" }, action: { kind: "truncate", bytes: 50_000 } });
      const out = join(dir.path, "long-loaded.bin");
      await d.load({ key: "long.bin" }, out);
      expect(await sha256File(out)).toBe(sum);
      expect(hooks.retries).toHaveLength(1);
    });
  });

  describe("round trips", () => {
    let d: ArtifactDriver;
    beforeEach(() => {
      d = driver({ pageSize: 2, multipartThreshold: 8 * 1024 * 1024, partSize: 4 * 1024 * 1024 }).d;
    });
    afterEach(() => proxy.reset());

    it("a small file, byte-identical", async () => {
      const src = join(dir.path, "small.bin");
      const sum = await writeRandomFile(src, 12_345);
      await d.save(src, { key: "rt/small.bin" });
      expect(await d.exists({ key: "rt/small.bin" })).toBe(true);
      await d.load({ key: "rt/small.bin" }, join(dir.path, "small-out.bin"));
      expect(await sha256File(join(dir.path, "small-out.bin"))).toBe(sum);
    });

    it("signs with V4 when asked (the server checks the V4 access key id)", async () => {
      const v4 = driver({ authorizationV4: true }).d;
      const src = join(dir.path, "v4.txt");
      await writeFile(src, "signed with OSS4-HMAC-SHA256");
      await v4.save(src, { key: "rt/v4.txt" });
      expect(server.object(BUCKET, "rt/v4.txt")?.data.toString()).toBe("signed with OSS4-HMAC-SHA256");
      const wrongKey = driver({
        authorizationV4: true,
        credentials: { accessKeyId: "nobody", secretAccessKey: "x" },
      }).d;
      await expect(wrongKey.exists({ key: "rt/v4.txt" })).rejects.toMatchObject({ name: "AccessDenied" });
    });

    it("a 64 MiB file through multipart upload, byte-identical", async () => {
      const src = join(dir.path, "big.bin");
      const sum = await writeRandomFile(src, 64 * 1024 * 1024);
      await d.save(src, { key: "rt/big.bin" });
      expect(server.object(BUCKET, "rt/big.bin")?.type).toBe("Multipart");
      expect(server.object(BUCKET, "rt/big.bin")?.etag).toMatch(/-16"$/);
      expect(proxy.count({ method: "PUT", url: /partNumber=/ })).toBe(16);
      await d.load({ key: "rt/big.bin" }, join(dir.path, "big-out.bin"));
      expect(await sha256File(join(dir.path, "big-out.bin"))).toBe(sum);
      await d.delete({ key: "rt/big.bin" });
    }, 60_000);

    it("aborts a multipart upload whose part fails for good", async () => {
      const src = join(dir.path, "mp-fail.bin");
      await writeRandomFile(src, 9 * 1024 * 1024);
      proxy.inject({
        match: { method: "PUT", url: /partNumber=2/ },
        action: { kind: "error", status: 403, code: "AccessDenied" },
      });
      await expect(d.save(src, { key: "rt/mp-fail.bin" })).rejects.toBeInstanceOf(AccessDenied);
      expect(proxy.count({ method: "DELETE", url: /uploadId=/ })).toBe(1);
      expect(server.pendingUploads()).toEqual([]);
      expect(server.object(BUCKET, "rt/mp-fail.bin")).toBeUndefined();
    });

    it("a directory as tar.gz and file by file (archive: none), with paginated listing", async () => {
      const tree = join(dir.path, "tree");
      const sums = await writeTree(tree);
      await d.save(tree, { key: "rt/tree.tgz" });
      expect(server.object(BUCKET, "rt/tree.tgz")?.meta).toEqual({ "weft-archive": "tar.gz" });
      await d.load({ key: "rt/tree.tgz" }, join(dir.path, "tree-tgz"));
      expect(await treeSums(join(dir.path, "tree-tgz"), Object.keys(sums))).toEqual(sums);

      await d.save(tree, { key: "rt/tree" }, { archive: "none" });
      const before = proxy.count({ url: /list-type=2/ });
      const keys = await d.list({ key: "rt/tree/" });
      expect(keys).toEqual(
        Object.keys(sums)
          .map((k) => `rt/tree/${k}`)
          .sort(),
      );
      expect(proxy.count({ url: /list-type=2/ }) - before).toBe(3); // 5 keys, 2 per page
      expect(await d.isDirectory({ key: "rt/tree" })).toBe(true);
      expect(await d.exists({ key: "rt/tree" })).toBe(true);
      await d.load({ key: "rt/tree" }, join(dir.path, "tree-none"));
      expect(await treeSums(join(dir.path, "tree-none"), Object.keys(sums))).toEqual(sums);
      await d.delete({ key: "rt/tree/" });
      expect(await d.list({ key: "rt/tree/" })).toEqual([]);
      expect(await d.exists({ key: "rt/tree" })).toBe(false);
    });

    it("saveStream buffers a Readable, and re-opens a source on each attempt", async () => {
      await d.saveStream(Readable.from([Buffer.from("streamed "), Buffer.from("once")]), { key: "rt/s1" });
      expect(server.object(BUCKET, "rt/s1")?.data.toString()).toBe("streamed once");
      let opened = 0;
      proxy.inject({
        match: { method: "PUT" },
        action: { kind: "error", status: 503, code: "ServiceUnavailable" },
      });
      await d.saveStream(
        () => {
          opened++;
          return Readable.from([Buffer.from(`attempt ${opened}`)]);
        },
        { key: "rt/s2" },
      );
      expect(opened).toBe(2);
      expect(server.object(BUCKET, "rt/s2")?.data.toString()).toBe("attempt 2");
      const stream = await d.openStream({ key: "rt/s2" });
      const h = createHash("sha256");
      for await (const c of stream) h.update(c as Buffer);
      expect(h.digest("hex")).toBe(createHash("sha256").update("attempt 2").digest("hex"));
    });
  });

  describe("bad input fails before any request", () => {
    it("names the field", async () => {
      const { d } = driver({ bucket: undefined as unknown as string });
      await expect(d.openStream({ key: "k" })).rejects.toMatchObject({
        name: "InvalidLocation",
        field: "bucket",
      });
      await expect(driver().d.openStream({ key: "" })).rejects.toMatchObject({ field: "key" });
      await expect(driver().d.openStream({ bucket: "B!", key: "k" })).rejects.toMatchObject({
        field: "bucket",
      });
      expect(() => createOssDriver({ endpoint: "http://exa mple" })).toThrow(InvalidLocation);
      expect(() => createOssDriver({ endpoint: "ftp://host" })).toThrow(/"endpoint" must use http or https/);
      expect(proxy.count()).toBe(0);
    });
  });
});
