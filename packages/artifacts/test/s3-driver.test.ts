import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  AccessDenied,
  type ArtifactDriver,
  ArtifactNotFound,
  createS3Driver,
  type S3DriverOptions,
  StorageError,
} from "../src/index.ts";
import { FaultProxy } from "../src/testing/index.ts";
import {
  instantClock,
  recordingHooks,
  sha256File,
  tempDir,
  treeSums,
  writeRandomFile,
  writeTree,
} from "./helpers.ts";

const rgw = inject("rgw");
const BUCKET = `weft-test-${randomBytes(4).toString("hex")}`;

describe("S3 driver against Ceph radosgw", () => {
  let proxy: FaultProxy;
  let raw: S3Client;
  let dir: { path: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    raw = new S3Client({
      endpoint: rgw.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    await raw.send(new CreateBucketCommand({ Bucket: BUCKET }));
    proxy = await FaultProxy.start({ upstream: rgw.endpoint, flavour: "s3" });
    dir = await tempDir("s3");
  });
  afterAll(async () => {
    await proxy?.close();
    for (;;) {
      const page = await raw.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const keys = (page.Contents ?? []).map((c) => ({ Key: c.Key }));
      if (keys.length === 0) break;
      await raw.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys } }));
    }
    await raw.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    raw.destroy();
    await dir?.cleanup();
  });
  beforeEach(() => proxy.reset());

  function driver(extra: Partial<S3DriverOptions> = {}) {
    const clock = instantClock();
    const hooks = recordingHooks();
    const d = createS3Driver({
      endpoint: proxy.url,
      bucket: BUCKET,
      credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey },
      retry: { clock, random: () => 0 },
      hooks,
      ...extra,
    });
    return { d, clock, hooks };
  }

  const objectUrl = (key: string) => new RegExp(`^/${BUCKET}/${key.replace(".", "\\.")}(\\?|$)`);

  describe.each([
    { status: 500, code: "InternalError" },
    { status: 503, code: "SlowDown" },
  ])("the seed: $status $code three times, then success", (fault) => {
    const action = { kind: "error", ...fault } as const;
    const key = `seed-${fault.code}.txt`;

    it("save: 4 requests, 3 retries with the executor backoff (1 s, 1.6 s, 2.56 s)", async () => {
      const { d, clock, hooks } = driver();
      const file = join(dir.path, key);
      await writeFile(file, `seed ${fault.code}`);
      proxy.inject({ match: { method: "PUT", url: objectUrl(key) }, times: 3, action });
      await d.save(file, { key });
      expect(proxy.count({ method: "PUT", url: objectUrl(key) })).toBe(4);
      expect(hooks.retries.map((r) => r.operation)).toEqual(["s3.save", "s3.save", "s3.save"]);
      expect(clock.delays.map(Math.round)).toEqual([1000, 1600, 2560]);
      expect(hooks.successes).toEqual([{ operation: "s3.save", attempts: 4 }]);
      const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(head.ContentLength).toBe(`seed ${fault.code}`.length);
    });

    it("load: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "GET", url: objectUrl(key) }, times: 3, action });
      const out = join(dir.path, `${key}.loaded`);
      await d.load({ key }, out);
      expect(proxy.count({ method: "GET", url: objectUrl(key) })).toBe(4);
      expect(hooks.retries).toHaveLength(3);
      expect(await readFile(out, "utf8")).toBe(`seed ${fault.code}`);
    });

    it("list: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "GET", url: /list-type=2/ }, times: 3, action });
      expect(await d.list({ key: `seed-${fault.code}` })).toEqual([key]);
      expect(proxy.count({ method: "GET", url: /list-type=2/ })).toBe(4);
      expect(hooks.retries.map((r) => r.operation)).toEqual(["s3.list", "s3.list", "s3.list"]);
    });

    it("delete: 4 requests, 3 retries", async () => {
      const { d, hooks } = driver();
      proxy.inject({ match: { method: "DELETE" }, times: 3, action });
      await d.delete({ key });
      expect(proxy.count({ method: "DELETE" })).toBe(4);
      expect(hooks.retries).toHaveLength(3);
      expect(await d.exists({ key })).toBe(false);
    });
  });

  describe("permanent errors fail after exactly 1 request", () => {
    it("NoSuchKey is ArtifactNotFound with bucket, key and request id", async () => {
      const { d, hooks } = driver();
      const err = await d.openStream({ key: "missing.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArtifactNotFound);
      expect(err).toMatchObject({
        provider: "s3",
        bucket: BUCKET,
        key: "missing.txt",
        code: "NoSuchKey",
        status: 404,
      });
      expect((err as ArtifactNotFound).requestId).toMatch(/^tx/);
      expect(proxy.count()).toBe(1);
      expect(hooks.retries).toEqual([]);
    });

    it("AccessDenied is the typed AccessDenied", async () => {
      const { d, hooks } = driver();
      proxy.inject({ action: { kind: "error", status: 403, code: "AccessDenied" } });
      await writeFile(join(dir.path, "denied.txt"), "body that must not leak");
      const err = await d.save(join(dir.path, "denied.txt"), { key: "denied.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDenied);
      expect(err).toMatchObject({ code: "AccessDenied", status: 403, attempts: 1 });
      expect(proxy.count()).toBe(1);
      expect(hooks.retries).toEqual([]);
      const text = String((err as Error).message) + JSON.stringify((err as Error).cause);
      expect(text).not.toContain("body that must not leak");
      expect(text).not.toContain(rgw.secretAccessKey);
    });

    it("a wrong secret is SignatureDoesNotMatch from radosgw: AccessDenied, clear message, no retries", async () => {
      const { d, hooks } = driver({
        credentials: { accessKeyId: rgw.accessKeyId, secretAccessKey: "wrong-secret" },
      });
      const err = await d.list({ key: "" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDenied);
      expect(err).toMatchObject({ code: "SignatureDoesNotMatch", status: 403 });
      expect((err as Error).message).toMatch(/^wrong credentials/);
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
    });

    it("retries a stalled request once the per-attempt timeout fires", async () => {
      const { d, hooks } = driver({ retry: { attemptTimeoutMs: 500, baseDelayMs: 1, random: () => 0 } });
      proxy.inject({ match: { method: "GET" }, action: { kind: "stall" } });
      const out = join(dir.path, "after-stall.txt");
      await d.load({ key: "reset.txt" }, out);
      expect(await readFile(out, "utf8")).toBe("after reset");
      expect(proxy.count({ method: "GET" })).toBe(2);
      expect(hooks.retries).toHaveLength(1);
    });

    it("retries a body cut off mid-stream from the start", async () => {
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

    it("retries a bare 500 on HEAD (no body, SDK name Unknown)", async () => {
      const { d, hooks } = driver();
      proxy.inject({
        match: { method: "HEAD" },
        action: { kind: "error", status: 500, code: "InternalError" },
      });
      expect(await d.exists({ key: "reset.txt" })).toBe(true);
      expect(proxy.count({ method: "HEAD" })).toBe(2);
      expect(hooks.retries).toHaveLength(1);
    });

    it("a fault that outlasts the retries is a transient StorageError", async () => {
      const { d } = driver();
      proxy.inject({
        match: { method: "GET" },
        times: 5,
        action: { kind: "error", status: 503, code: "SlowDown" },
      });
      const err = await d.openStream({ key: "reset.txt" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({ code: "SlowDown", status: 503, attempts: 5, transient: true });
    });
  });

  describe("round trips", () => {
    let d: ArtifactDriver;
    beforeAll(() => {
      d = driver({ pageSize: 2 }).d;
    });

    it("a small file, byte-identical", async () => {
      const src = join(dir.path, "small.bin");
      const sum = await writeRandomFile(src, 12_345);
      await d.save(src, { key: "rt/small.bin" });
      await d.load({ key: "rt/small.bin" }, join(dir.path, "small-out.bin"));
      expect(await sha256File(join(dir.path, "small-out.bin"))).toBe(sum);
    });

    it("a 64 MiB file through lib-storage multipart, byte-identical", async () => {
      const src = join(dir.path, "big.bin");
      const sum = await writeRandomFile(src, 64 * 1024 * 1024);
      await d.save(src, { key: "rt/big.bin" });
      expect(proxy.count({ method: "PUT", url: /partNumber=/ })).toBe(8);
      const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "rt/big.bin" }));
      expect(head.ETag).toMatch(/-8"$/);
      await d.load({ key: "rt/big.bin" }, join(dir.path, "big-out.bin"));
      expect(await sha256File(join(dir.path, "big-out.bin"))).toBe(sum);
      await d.delete({ key: "rt/big.bin" });
    }, 60_000);

    it("aborts a multipart upload whose part fails for good", async () => {
      const src = join(dir.path, "mp-fail.bin");
      await writeRandomFile(src, 20 * 1024 * 1024);
      proxy.inject({
        match: { method: "PUT", url: /partNumber=2&/ },
        action: { kind: "error", status: 403, code: "AccessDenied" },
      });
      await expect(d.save(src, { key: "rt/mp-fail.bin" })).rejects.toBeInstanceOf(AccessDenied);
      expect(proxy.count({ method: "DELETE", url: /uploadId=/ })).toBe(1);
      const pending = await raw.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
      expect(pending.Uploads ?? []).toEqual([]);
    });

    it("creates the bucket on first save when asked, once", async () => {
      const bucket = `${BUCKET}-made`;
      const made = driver({ bucket, createBucketIfNotPresent: true }).d;
      await writeFile(join(dir.path, "made.txt"), "made");
      await made.save(join(dir.path, "made.txt"), { key: "a" });
      await made.save(join(dir.path, "made.txt"), { key: "b" });
      expect(proxy.count({ method: "PUT", url: new RegExp(`^/${bucket}/?$`) })).toBe(1);
      expect(await made.list({ key: "" })).toEqual(["a", "b"]);
      await made.delete({ key: "a" });
      await made.delete({ key: "b" });
      await raw.send(new DeleteBucketCommand({ Bucket: bucket }));
    });

    it("a directory as tar.gz and file by file (archive: none), with paginated listing", async () => {
      const tree = join(dir.path, "tree");
      const sums = await writeTree(tree);
      await d.save(tree, { key: "rt/tree.tgz" });
      const head = await raw.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "rt/tree.tgz" }));
      expect(head.Metadata).toEqual({ "weft-archive": "tar.gz" });
      await d.load({ key: "rt/tree.tgz" }, join(dir.path, "tree-tgz"));
      expect(await treeSums(join(dir.path, "tree-tgz"), Object.keys(sums))).toEqual(sums);

      await d.save(tree, { key: "rt/tree" }, { archive: "none" });
      const before = proxy.count({ url: /list-type=2/ });
      expect(await d.list({ key: "rt/tree/" })).toEqual(
        Object.keys(sums)
          .map((k) => `rt/tree/${k}`)
          .sort(),
      );
      expect(proxy.count({ url: /list-type=2/ }) - before).toBe(3);
      expect(await d.isDirectory({ key: "rt/tree" })).toBe(true);
      await d.load({ key: "rt/tree" }, join(dir.path, "tree-none"));
      expect(await treeSums(join(dir.path, "tree-none"), Object.keys(sums))).toEqual(sums);
      await d.delete({ key: "rt/tree/" });
      expect(await d.list({ key: "rt/tree/" })).toEqual([]);
    });

    it("saveStream from a Readable and from a re-openable source", async () => {
      await d.saveStream(Readable.from([Buffer.from("via temp file")]), { key: "rt/s1" });
      let opened = 0;
      // lib-storage sends through a client with 3 SDK attempts: 3 failures fail the upload, the driver re-opens.
      proxy.inject({
        match: { method: "PUT" },
        times: 3,
        action: { kind: "error", status: 500, code: "InternalError" },
      });
      await d.saveStream(
        () => {
          opened++;
          return Readable.from([Buffer.from(`attempt ${opened}`)]);
        },
        { key: "rt/s2" },
      );
      const read = async (key: string) => {
        const chunks: Buffer[] = [];
        for await (const c of await d.openStream({ key })) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString();
      };
      expect(await read("rt/s1")).toBe("via temp file");
      expect(await read("rt/s2")).toBe(`attempt ${opened}`);
      expect(opened).toBe(2);
      expect(proxy.count({ method: "PUT", url: /rt\/s2/ })).toBe(4);
    });
  });
});
