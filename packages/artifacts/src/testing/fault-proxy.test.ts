import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FaultProxy } from "./fault-proxy.js";

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method = "GET", body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("aborted")));
      res.on("end", () =>
        res.complete
          ? resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            })
          : reject(new Error(`truncated after ${Buffer.concat(chunks).length} bytes`)),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("FaultProxy", () => {
  let upstream: Server;
  let upstreamUrl: string;
  const seenByUpstream: string[] = [];
  let proxy: FaultProxy;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seenByUpstream.push(`${req.method} ${req.url} host=${req.headers.host}`);
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(10_000)));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    upstream.closeAllConnections();
    await new Promise<void>((r) => upstream.close(() => r()));
  });
  afterEach(async () => {
    await proxy.close();
    seenByUpstream.length = 0;
  });

  it("passes requests through with the Host header untouched", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    const r = await send(`${proxy.url}/b/k`);
    expect(r.status).toBe(200);
    expect(r.body.length).toBe(10_000);
    expect(seenByUpstream).toEqual([`GET /b/k host=127.0.0.1:${proxy.port}`]);
    expect(proxy.log).toEqual([{ method: "GET", url: "/b/k" }]);
  });

  it("answers N matching requests with an S3 error, then passes through", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    proxy.inject({
      match: { method: "PUT", url: /^\/b\// },
      times: 2,
      action: { kind: "error", status: 503, code: "SlowDown" },
    });
    const other = await send(`${proxy.url}/b/k`);
    expect(other.status).toBe(200);
    const first = await send(`${proxy.url}/b/k`, "PUT", "data");
    expect(first.status).toBe(503);
    expect(first.body).toContain("<Code>SlowDown</Code>");
    expect(first.headers["x-amz-request-id"]).toMatch(/^FAULT/);
    expect((await send(`${proxy.url}/b/k`, "PUT", "data")).status).toBe(503);
    expect((await send(`${proxy.url}/b/k`, "PUT", "data")).status).toBe(200);
    expect(proxy.pending).toBe(0);
    expect(proxy.count({ method: "PUT" })).toBe(3);
    expect(seenByUpstream.filter((l) => l.startsWith("PUT"))).toHaveLength(1);
  });

  it("uses the OSS error XML and x-oss-err on HEAD in the oss flavour", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "oss" });
    proxy.inject({ times: 2, action: { kind: "error", status: 500, code: "InternalError" } });
    const get = await send(`${proxy.url}/k`);
    expect(get.status).toBe(500);
    expect(get.body).toMatch(/<Code>InternalError<\/Code>.*<RequestId>FAULT[0-9A-F]+<\/RequestId>.*<EC>/s);
    expect(get.headers["x-oss-request-id"]).toMatch(/^FAULT/);
    const head = await send(`${proxy.url}/k`, "HEAD");
    expect(head.body).toBe("");
    const decoded = Buffer.from(String(head.headers["x-oss-err"]), "base64").toString();
    expect(decoded).toContain("<Code>InternalError</Code>");
  });

  it("resets the connection", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    proxy.inject({ action: { kind: "reset" } });
    await expect(send(`${proxy.url}/k`)).rejects.toMatchObject({ code: "ECONNRESET" });
    expect((await send(`${proxy.url}/k`)).status).toBe(200);
    expect(proxy.log.map((r) => r.fault)).toEqual(["reset", undefined]);
  });

  it("truncates a response body after the given bytes", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    proxy.inject({ action: { kind: "truncate", bytes: 1000 } });
    await expect(send(`${proxy.url}/k`)).rejects.toThrow(
      /truncated after 1000 bytes|aborted|ECONNRESET|socket hang up/,
    );
    expect((await send(`${proxy.url}/k`)).body.length).toBe(10_000);
  });

  it("stalls a request until the client gives up, and forwards a delayed one", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    proxy.inject({ action: { kind: "stall" } });
    const ctl = new AbortController();
    const stalled = new Promise<string>((resolve) => {
      const req = request(`${proxy.url}/k`, { signal: ctl.signal, agent: false }, () => resolve("answered"));
      req.on("error", (e) => resolve(e.name));
      req.end();
    });
    await expect.poll(() => proxy.log.length).toBe(1);
    expect(seenByUpstream).toEqual([]);
    ctl.abort();
    expect(await stalled).toBe("AbortError");
    proxy.inject({ action: { kind: "stall", ms: 20 } });
    expect((await send(`${proxy.url}/k`)).status).toBe(200);
    expect(seenByUpstream).toHaveLength(1);
  });

  it("rejects a fault with a bad count", async () => {
    proxy = await FaultProxy.start({ upstream: upstreamUrl, flavour: "s3" });
    expect(() => proxy.inject({ times: 0, action: { kind: "reset" } })).toThrow(
      /"times" must be a positive integer/,
    );
  });
});
