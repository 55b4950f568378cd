import { createHash } from "node:crypto";
import { request } from "node:http";
import OSS from "ali-oss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OssTestServer } from "./oss-server.js";

// ali-oss typings lag the package; the tests use the calls as 6.23 has them.
type Client = {
  put(
    k: string,
    b: Buffer,
    o?: object,
  ): Promise<{ res: { status: number; headers: Record<string, string> } }>;
  get(
    k: string,
    o?: object,
  ): Promise<{ content: Buffer; res: { status: number; headers: Record<string, string> } }>;
  head(k: string): Promise<{ status: number; meta: Record<string, string> }>;
  list(
    q: object,
    o?: object,
  ): Promise<{
    objects?: Array<{ name: string; owner: { id: string } }>;
    isTruncated: boolean;
    nextMarker: string | null;
  }>;
  listV2(
    q: object,
    o?: object,
  ): Promise<{
    objects?: Array<{ name: string }>;
    isTruncated: boolean;
    keyCount: number;
    nextContinuationToken: string | null;
    prefixes: string[] | null;
  }>;
  delete(k: string): Promise<{ res: { status: number } }>;
  deleteMulti(k: string[], o?: object): Promise<{ deleted: Array<{ Key: string }> | string[] }>;
  multipartUpload(k: string, b: Buffer, o?: object): Promise<{ etag: string; res: { status: number } }>;
  getStream(k: string): Promise<{ stream: NodeJS.ReadableStream }>;
};

function client(server: OssTestServer, extra: object = {}): Client {
  const Ctor = OSS as unknown as new (o: object) => Client;
  return new Ctor({
    accessKeyId: server.accessKeyId,
    accessKeySecret: server.accessKeySecret,
    bucket: "test-bucket",
    endpoint: server.endpoint,
    ...extra,
  });
}

function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Record<string, unknown>,
  );
}

describe("OssTestServer with ali-oss", () => {
  let server: OssTestServer;
  beforeAll(async () => {
    server = await OssTestServer.start({ buckets: ["test-bucket", "other-bucket"] });
  });
  afterAll(() => server.close());

  it("puts and gets an object with metadata, an upper-case MD5 ETag and a request id", async () => {
    const c = client(server);
    const body = Buffer.from("hello oss");
    const put = await c.put("dir/a.txt", body, { meta: { color: "blue" } });
    const md5 = createHash("md5").update(body).digest("hex").toUpperCase();
    expect(put.res.headers.etag).toBe(`"${md5}"`);
    expect(put.res.headers["x-oss-request-id"]).toMatch(/^[0-9A-F]{24}$/);
    const got = await c.get("dir/a.txt");
    expect(got.content.toString()).toBe("hello oss");
    expect(got.res.headers["x-oss-meta-color"]).toBe("blue");
    const head = await c.head("dir/a.txt");
    expect(head.meta).toEqual({ color: "blue" });
  });

  it("answers Range requests with 206 and Content-Range", async () => {
    const c = client(server);
    await c.put("range.bin", Buffer.from("0123456789"));
    const mid = await c.get("range.bin", { headers: { Range: "bytes=2-5" } });
    expect(mid.res.status).toBe(206);
    expect(mid.content.toString()).toBe("2345");
    expect(mid.res.headers["content-range"]).toBe("bytes 2-5/10");
    const tail = await c.get("range.bin", { headers: { Range: "bytes=-3" } });
    expect(tail.content.toString()).toBe("789");
    const bad = await rejection(c.get("range.bin", { headers: { Range: "bytes=50-" } }));
    expect(bad.code).toBe("InvalidRange");
    expect(bad.status).toBe(416);
  });

  it("sends the OSS error XML: code, RequestId and EC reach the ali-oss error", async () => {
    const err = await rejection(client(server).get("missing"));
    expect(err.name).toBe("NoSuchKeyError");
    expect(err.code).toBe("NoSuchKey");
    expect(err.status).toBe(404);
    expect(err.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(err.ecCode).toBe("0026-00000001");
    const head = await rejection(client(server).head("missing"));
    expect(head.code).toBe("NoSuchKey");
    const bucket = await rejection(client(server, { bucket: "no-such-bucket" }).get("k"));
    expect(bucket.code).toBe("NoSuchBucket");
  });

  it("checks V1 signatures: a wrong secret is SignatureDoesNotMatch, a wrong key InvalidAccessKeyId", async () => {
    const wrongSecret = await rejection(client(server, { accessKeySecret: "nope" }).get("dir/a.txt"));
    expect(wrongSecret.code).toBe("SignatureDoesNotMatch");
    expect(wrongSecret.status).toBe(403);
    const wrongKey = await rejection(client(server, { accessKeyId: "other" }).put("x", Buffer.from("x")));
    expect(wrongKey.code).toBe("InvalidAccessKeyId");
    expect(server.object("test-bucket", "x")).toBeUndefined();
    const anonymous = await new Promise<number>((resolve, reject) => {
      request(`${server.endpoint}/test-bucket/dir/a.txt`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(anonymous).toBe(403);
  });

  it("accepts V4-signed requests with the right access key id", async () => {
    const c = client(server, { authorizationV4: true, region: "oss-cn-hangzhou" });
    await c.put("v4.txt", Buffer.from("v4"));
    expect((await c.get("v4.txt")).content.toString()).toBe("v4");
    const bad = await rejection(client(server, { authorizationV4: true, accessKeyId: "zz" }).get("v4.txt"));
    expect(bad.code).toBe("InvalidAccessKeyId");
  });

  it("serves path-style (sldEnable) and custom-domain (cname) clients", async () => {
    const path = client(server, {
      endpoint: `http://localhost:${server.port}`,
      sldEnable: true,
      bucket: "other-bucket",
    });
    await path.put("p.txt", Buffer.from("path style"));
    expect(server.object("other-bucket", "p.txt")?.data.toString()).toBe("path style");
    const single = await OssTestServer.start({ buckets: ["cname-bucket"], defaultBucket: "cname-bucket" });
    try {
      const cname = client(single, {
        endpoint: `http://localhost:${single.port}`,
        cname: true,
        bucket: "cname-bucket",
      });
      await cname.put("c.txt", Buffer.from("cname"));
      expect((await cname.get("c.txt")).content.toString()).toBe("cname");
    } finally {
      await single.close();
    }
  });

  it("lists v1 (with Owner, marker paging) and v2 (KeyCount, continuation tokens, delimiter)", async () => {
    const c = client(server);
    for (const k of ["l/1", "l/2", "l/3", "l/4", "l/5", "l/sub/6"]) await c.put(k, Buffer.from(k));
    const v1 = await c.list({ prefix: "l/", "max-keys": 2 });
    expect(v1.objects?.map((o) => o.name)).toEqual(["l/1", "l/2"]);
    expect(v1.objects?.[0]?.owner.id).toBe("1234567890");
    expect(v1.isTruncated).toBe(true);
    const v1next = await c.list({ prefix: "l/", "max-keys": 2, marker: v1.nextMarker });
    expect(v1next.objects?.map((o) => o.name)).toEqual(["l/3", "l/4"]);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<Client["listV2"]>> = await c.listV2({
        prefix: "l/",
        "max-keys": "2",
        ...(token ? { "continuation-token": token } : {}),
      });
      pages++;
      expect(page.keyCount).toBe(page.objects?.length ?? 0);
      seen.push(...(page.objects ?? []).map((o) => o.name));
      token = page.isTruncated ? page.nextContinuationToken : null;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(["l/1", "l/2", "l/3", "l/4", "l/5", "l/sub/6"]);
    const delimited = await c.listV2({ prefix: "l/", delimiter: "/", "max-keys": "100" });
    expect(delimited.prefixes).toEqual(["l/sub/"]);
    expect(delimited.objects?.length).toBe(5);
  });

  it("deletes with 204 and deletes many with POST ?delete", async () => {
    const c = client(server);
    await c.put("d/1", Buffer.from("1"));
    const del = await c.delete("d/1");
    expect(del.res.status).toBe(204);
    expect(server.object("test-bucket", "d/1")).toBeUndefined();
    for (const k of ["m/1", "m/2", "m/3"]) await c.put(k, Buffer.from(k));
    const multi = await c.deleteMulti(["m/1", "m/2"]);
    expect(multi.deleted.length).toBe(2);
    expect(server.keys("test-bucket").filter((k) => k.startsWith("m/"))).toEqual(["m/3"]);
  });

  it("runs a parallel multipart upload with per-part ETags and a multipart ETag on complete", async () => {
    const c = client(server);
    const data = Buffer.alloc(3 * 1024 * 1024 + 4321);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    const out = await c.multipartUpload("big.bin", data, { partSize: 1024 * 1024, parallel: 3 });
    expect(out.etag).toMatch(/^"[0-9A-F]{32}-4"$/);
    const stored = server.object("test-bucket", "big.bin");
    expect(stored?.type).toBe("Multipart");
    expect(
      createHash("sha256")
        .update(stored?.data ?? Buffer.alloc(0))
        .digest("hex"),
    ).toBe(createHash("sha256").update(data).digest("hex"));
    expect(server.pendingUploads()).toEqual([]);
  });

  it("records every request with its status", async () => {
    const before = server.requests.length;
    await rejection(client(server).get("nothing-here"));
    const last = server.requests.slice(before);
    expect(last).toEqual([expect.objectContaining({ method: "GET", key: "nothing-here", status: 404 })]);
  });
});
