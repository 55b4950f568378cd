import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import OSS from "ali-oss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OSS_TRANSIENT_CODES } from "../src/classifiers/oss.ts";
import { classifiers, classify } from "../src/classify.ts";
import { closedPort, httpServer, type TestServer } from "./servers.ts";

// Real SDK clients over real HTTP against a server that answers with each provider's error bodies.
interface Answer {
  status: number;
  body: string;
  contentType?: string;
}
let answer: Answer = { status: 500, body: "" };
let server: TestServer;

beforeAll(async () => {
  server = await httpServer((_req, res) => {
    res.writeHead(answer.status, {
      "content-type": answer.contentType ?? "application/xml",
      "x-amz-request-id": "req-1",
      "x-oss-request-id": "req-1",
    });
    res.end(answer.body);
  });
});
afterAll(() => server.close());

const s3Error = (code: string, message = code) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>req-1</RequestId></Error>`;
const ossError = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>m</Message><RequestId>512B77E0BDC644698CB7CD90</RequestId><HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId><EC>0026-00000001</EC></Error>`;

describe("S3 errors as @aws-sdk/client-s3 throws them", () => {
  let s3: S3Client;
  beforeAll(() => {
    s3 = new S3Client({
      endpoint: server.url,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
      maxAttempts: 1,
    });
  });
  afterAll(() => s3.destroy());

  async function get(a: Answer): Promise<unknown> {
    answer = a;
    try {
      await s3.send(new GetObjectCommand({ Bucket: "bucket", Key: "key" }));
    } catch (e) {
      return e;
    }
    throw new Error("expected failure");
  }

  it.each<[number, string, boolean]>([
    [500, "InternalError", true],
    [503, "SlowDown", true],
    [503, "ServiceUnavailable", true],
    [400, "RequestTimeout", true],
    [400, "Throttling", true],
    [404, "NoSuchKey", false],
    [404, "NoSuchBucket", false],
    [403, "AccessDenied", false],
    [403, "SignatureDoesNotMatch", false],
  ])("%i %s → transient %s", async (status, code, expected) => {
    const err = await get({ status, body: s3Error(code) });
    expect(err).toMatchObject({ name: code });
    expect(classify(err)).toMatchObject({ transient: expected, classifier: "s3" });
  });

  it("a bare 502 from a proxy (no S3 XML) is transient, a bare 400 is not", async () => {
    const e502 = await get({ status: 502, body: "<html>bad gateway</html>", contentType: "text/html" });
    expect(classify(e502).transient).toBe(true);
    const e400 = await get({ status: 400, body: "", contentType: "text/plain" });
    expect(classify(e400).transient).toBe(false);
  });

  it("a refused connection is transient", async () => {
    const port = await closedPort();
    const dead = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
      maxAttempts: 1,
    });
    const err = await dead
      .send(new GetObjectCommand({ Bucket: "bucket", Key: "key" }))
      .catch((e: unknown) => e);
    dead.destroy();
    expect(classify(err).transient).toBe(true);
  });
});

describe("OSS errors as ali-oss throws them", () => {
  const client = () =>
    new OSS({
      endpoint: server.url,
      bucket: "bucket",
      accessKeyId: "ak",
      accessKeySecret: "sk",
      region: "oss-cn-hangzhou",
    });

  async function get(a: Answer): Promise<unknown> {
    answer = a;
    try {
      await client().get("key");
    } catch (e) {
      return e;
    }
    throw new Error("expected failure");
  }

  it("500 InternalError (named InternalErrorError) is transient: the production failure", async () => {
    const err = await get({ status: 500, body: ossError("InternalError") });
    expect(err).toMatchObject({ name: "InternalErrorError", code: "InternalError", status: 500 });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "oss" });
    expect(classify(err, [classifiers.oss]).transient).toBe(true);
  });

  it.each([...OSS_TRANSIENT_CODES].map((c) => [c]))("%s is transient", async (code) => {
    const err = await get({ status: code === "InternalError" ? 500 : 503, body: ossError(code) });
    expect(err).toMatchObject({ code });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "oss" });
  });

  it.each<[number, string]>([
    [404, "NoSuchKey"],
    [404, "NoSuchBucket"],
    [403, "AccessDenied"],
    [403, "SignatureDoesNotMatch"],
    [400, "NonTransientErrorCode"],
  ])("%i %s is permanent", async (status, code) => {
    const err = await get({ status, body: ossError(code) });
    expect(err).toMatchObject({ code, status });
    expect(classify(err)).toMatchObject({ transient: false, classifier: "oss" });
  });

  it("a refused connection (RequestError, status -1) is transient", async () => {
    const port = await closedPort();
    const dead = new OSS({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: "bucket",
      accessKeyId: "ak",
      accessKeySecret: "sk",
    });
    const err = await dead.get("key").catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "RequestError", status: -1 });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "oss" });
  });
});
