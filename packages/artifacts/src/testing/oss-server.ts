import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, isIP } from "node:net";
import { checkOssSignature } from "./oss-signature.js";

/** One stored object. */
export interface OssObject {
  readonly data: Buffer;
  /** As OSS sends it: quoted, upper-case hex MD5 (multipart: `"<md5 of part md5s>-N"`). */
  readonly etag: string;
  readonly contentType: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly lastModified: Date;
  readonly type: "Normal" | "Multipart";
}

interface Upload {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly meta: Record<string, string>;
  readonly parts: Map<number, { data: Buffer; etag: string }>;
}

export interface OssServerOptions {
  /** Default `testak`. */
  readonly accessKeyId?: string;
  /** Default `testsk`. */
  readonly accessKeySecret?: string;
  /** Buckets that exist. Default `["test-bucket"]`. */
  readonly buckets?: readonly string[];
  /** Bucket of requests that name none (custom-domain `cname` clients on `localhost`). */
  readonly defaultBucket?: string;
  /** Verify request signatures (V1 fully, V4 by access key id). Default true. */
  readonly checkSignatures?: boolean;
  /** Minimum size of every part but the last (OSS: 100 KiB). */
  readonly minPartSize?: number;
}

/** What the server saw, one entry per request. */
export interface OssRequestRecord {
  readonly method: string;
  readonly url: string;
  readonly bucket: string | undefined;
  readonly key: string;
  readonly status: number;
  readonly requestId: string;
}

/** Error codes OSS returns, with their HTTP status and an EC-style code. */
const ERRORS: Readonly<Record<string, { status: number; ec: string }>> = {
  AccessDenied: { status: 403, ec: "0003-00000001" },
  InvalidAccessKeyId: { status: 403, ec: "0002-00000902" },
  SignatureDoesNotMatch: { status: 403, ec: "0002-00000040" },
  NoSuchBucket: { status: 404, ec: "0015-00000101" },
  NoSuchKey: { status: 404, ec: "0026-00000001" },
  NoSuchUpload: { status: 404, ec: "0042-00000002" },
  InvalidArgument: { status: 400, ec: "0016-00000002" },
  InvalidDigest: { status: 400, ec: "0016-00000003" },
  InvalidPart: { status: 400, ec: "0042-00000210" },
  InvalidPartOrder: { status: 400, ec: "0042-00000209" },
  EntityTooSmall: { status: 400, ec: "0042-00000206" },
  MalformedXML: { status: 400, ec: "0016-00000608" },
  InvalidRange: { status: 416, ec: "0026-00000005" },
  MethodNotAllowed: { status: 405, ec: "0016-00000001" },
  NotImplemented: { status: 501, ec: "0016-00000005" },
  InternalError: { status: 500, ec: "0007-00000001" },
};

export function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", "'": "apos", '"': "quot" }[c]};`,
  );
}

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };
    if (named[e] !== undefined) return named[e];
    return String.fromCodePoint(
      e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });
}

/** The OSS error document (what ali-oss parses into `err.code`, `err.requestId`, `err.ecCode`). */
export function ossErrorXml(
  code: string,
  message: string,
  requestId: string,
  hostId: string,
  ec: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>` +
    `<RequestId>${requestId}</RequestId><HostId>${xmlEscape(hostId)}</HostId><EC>${ec}</EC>` +
    `<RecommendDoc>https://api.aliyun.com/troubleshoot?q=${ec}</RecommendDoc></Error>`
  );
}

function md5(data: Buffer): Buffer {
  return createHash("md5").update(data).digest();
}

class OssFault extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function fault(code: string, message: string): never {
  throw new OssFault(code, message);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function intParam(q: URLSearchParams, name: string, dflt: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    fault("InvalidArgument", `${name} must be an integer in [1, ${max}]`);
  return n;
}

const HOST_NAMES = new Set(["localhost"]);

/**
 * A protocol-faithful Aliyun OSS server for tests, in memory, on 127.0.0.1 and a random port. It speaks what
 * `ali-oss` 6.x sends: host-style (`<bucket>.<anything>` Host), path-style (`/bucket/key`) or custom-domain
 * (`defaultBucket`) addressing; V1 signature checks; PutObject, GetObject with Range, HeadObject, ListObjects v1
 * and v2, DeleteObject (204), DeleteMultipleObjects, multipart upload (initiate, part with ETag, complete with an
 * ETag header, abort); the OSS error XML with RequestId and EC; `x-oss-request-id` on every response, and
 * `x-oss-err` on bodiless error responses (HEAD) as OSS sends it.
 */
export class OssTestServer {
  readonly #server: Server;
  readonly #options: Required<Omit<OssServerOptions, "defaultBucket">> & {
    defaultBucket?: string | undefined;
  };
  readonly #buckets = new Map<string, Map<string, OssObject>>();
  readonly #uploads = new Map<string, Upload>();
  /** Every request, in order. */
  readonly requests: OssRequestRecord[] = [];
  #port = 0;

  private constructor(options: OssServerOptions) {
    this.#options = {
      accessKeyId: options.accessKeyId ?? "testak",
      accessKeySecret: options.accessKeySecret ?? "testsk",
      buckets: options.buckets ?? ["test-bucket"],
      defaultBucket: options.defaultBucket,
      checkSignatures: options.checkSignatures ?? true,
      minPartSize: options.minPartSize ?? 100 * 1024,
    };
    for (const b of this.#options.buckets) this.#buckets.set(b, new Map());
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
        else res.destroy();
      });
    });
    this.#server.keepAliveTimeout = 1000;
  }

  /** Starts a server on 127.0.0.1 with a random port. */
  static async start(options: OssServerOptions = {}): Promise<OssTestServer> {
    const s = new OssTestServer(options);
    await new Promise<void>((resolve, reject) => {
      s.#server.once("error", reject);
      s.#server.listen(0, "127.0.0.1", () => resolve());
    });
    s.#port = (s.#server.address() as AddressInfo).port;
    return s;
  }

  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>`, the `endpoint` for ali-oss. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get accessKeyId(): string {
    return this.#options.accessKeyId;
  }

  get accessKeySecret(): string {
    return this.#options.accessKeySecret;
  }

  createBucket(name: string): void {
    if (!this.#buckets.has(name)) this.#buckets.set(name, new Map());
  }

  object(bucket: string, key: string): OssObject | undefined {
    return this.#buckets.get(bucket)?.get(key);
  }

  keys(bucket: string): string[] {
    return [...(this.#buckets.get(bucket)?.keys() ?? [])].sort();
  }

  /** Upload ids of multipart uploads neither completed nor aborted. */
  pendingUploads(): string[] {
    return [...this.#uploads.keys()];
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: IncomingMessage, url: URL): { bucket: string | undefined; key: string } {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
    const path = decodeURIComponent(url.pathname);
    if (host !== "" && isIP(host) === 0 && !HOST_NAMES.has(host)) {
      const label = host.split(".")[0] ?? "";
      return { bucket: label, key: path.slice(1) };
    }
    const [first = "", ...rest] = path.slice(1).split("/");
    if (first !== "" && (this.#buckets.has(first) || this.#options.defaultBucket === undefined)) {
      return { bucket: first, key: rest.join("/") };
    }
    return { bucket: this.#options.defaultBucket, key: path.slice(1) };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(12).toString("hex").toUpperCase();
    const url = new URL(req.url ?? "/", "http://oss.invalid");
    const method = req.method ?? "GET";
    const hostId = req.headers.host ?? "127.0.0.1";
    let route: { bucket: string | undefined; key: string } = { bucket: undefined, key: "" };
    const record = (status: number): void => {
      this.requests.push({
        method,
        url: req.url ?? "/",
        bucket: route.bucket,
        key: route.key,
        status,
        requestId,
      });
    };
    res.setHeader("x-oss-request-id", requestId);
    res.setHeader("server", "AliyunOSS");
    try {
      route = this.#route(req, url);
      if (this.#options.checkSignatures) {
        const check = checkOssSignature(
          { method, headers: req.headers },
          route.bucket,
          route.key,
          url.searchParams,
          this.#options,
        );
        if (!check.ok) fault(check.code, check.message);
      }
      const status = await this.#dispatch(req, res, method, url.searchParams, route.bucket, route.key);
      record(status);
    } catch (err) {
      if (!(err instanceof OssFault)) throw err;
      const known = ERRORS[err.code] ?? { status: 400, ec: "0000-00000000" };
      const xml = ossErrorXml(err.code, err.message, requestId, hostId, known.ec);
      req.resume();
      res.setHeader("x-oss-ec", known.ec);
      if (method === "HEAD") {
        res.setHeader("x-oss-err", Buffer.from(xml).toString("base64"));
        res.writeHead(known.status).end();
      } else {
        res.writeHead(known.status, {
          "content-type": "application/xml",
          "content-length": Buffer.byteLength(xml),
        });
        res.end(xml);
      }
      record(known.status);
    }
  }

  #bucket(name: string | undefined): Map<string, OssObject> {
    const b = name === undefined ? undefined : this.#buckets.get(name);
    if (b === undefined) fault("NoSuchBucket", "The specified bucket does not exist.");
    return b;
  }

  async #dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    q: URLSearchParams,
    bucketName: string | undefined,
    key: string,
  ): Promise<number> {
    const bucket = this.#bucket(bucketName);
    const name = bucketName as string;
    if (key === "") {
      if (method === "GET") return this.#list(res, name, bucket, q);
      if (method === "POST" && q.has("delete")) return this.#deleteMulti(req, res, bucket);
      fault("NotImplemented", `bucket operation ${method} is not implemented by the test server`);
    }
    switch (method) {
      case "PUT":
        if (q.has("uploadId")) return this.#uploadPart(req, res, q);
        return this.#put(req, res, bucket, key);
      case "GET":
        return this.#get(req, res, bucket, key, false);
      case "HEAD":
        return this.#get(req, res, bucket, key, true);
      case "DELETE":
        req.resume();
        if (q.has("uploadId")) {
          this.#upload(q);
          this.#uploads.delete(q.get("uploadId") ?? "");
        } else {
          bucket.delete(key);
        }
        res.writeHead(204).end();
        return 204;
      case "POST":
        if (q.has("uploads")) return this.#initiate(req, res, name, key);
        if (q.has("uploadId")) return this.#complete(req, res, bucket, q);
        fault("NotImplemented", "POST without uploads or uploadId is not implemented by the test server");
        break;
      default:
        fault("MethodNotAllowed", `The specified method is not allowed against this resource: ${method}`);
    }
    return 0;
  }

  #meta(req: IncomingMessage): Record<string, string> {
    const meta: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k.startsWith("x-oss-meta-") && typeof v === "string") meta[k.slice(11)] = v;
    }
    return meta;
  }

  async #body(req: IncomingMessage): Promise<Buffer> {
    const body = await readBody(req);
    const expected = req.headers["content-md5"];
    if (typeof expected === "string" && md5(body).toString("base64") !== expected) {
      fault("InvalidDigest", "The Content-MD5 you specified is not valid.");
    }
    return body;
  }

  async #put(req: IncomingMessage, res: ServerResponse, bucket: Map<string, OssObject>, key: string) {
    const data = await this.#body(req);
    const etag = `"${md5(data).toString("hex").toUpperCase()}"`;
    bucket.set(key, {
      data,
      etag,
      contentType: req.headers["content-type"] ?? "application/octet-stream",
      meta: this.#meta(req),
      lastModified: new Date(),
      type: "Normal",
    });
    res.writeHead(200, { etag, "content-length": 0 }).end();
    return 200;
  }

  #get(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: Map<string, OssObject>,
    key: string,
    head: boolean,
  ) {
    req.resume();
    const obj = bucket.get(key);
    if (obj === undefined) fault("NoSuchKey", "The specified key does not exist.");
    const headers: Record<string, string | number> = {
      "content-type": obj.contentType,
      etag: obj.etag,
      "last-modified": obj.lastModified.toUTCString(),
      "accept-ranges": "bytes",
      "x-oss-object-type": obj.type,
      "x-oss-storage-class": "Standard",
    };
    for (const [k, v] of Object.entries(obj.meta)) headers[`x-oss-meta-${k}`] = v;
    let body = obj.data;
    let status = 200;
    const range = req.headers.range;
    if (typeof range === "string" && !head) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      const size = obj.data.length;
      if (m !== null && (m[1] !== "" || m[2] !== "")) {
        let start: number;
        let end: number;
        if (m[1] === "") {
          start = Math.max(0, size - Number(m[2]));
          end = size - 1;
        } else {
          start = Number(m[1]);
          end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
        }
        if (start >= size || start > end) fault("InvalidRange", "The requested range cannot be satisfied.");
        body = obj.data.subarray(start, end + 1);
        headers["content-range"] = `bytes ${start}-${end}/${size}`;
        status = 206;
      }
      // A malformed Range is ignored, as OSS does: the whole object comes back.
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(head ? undefined : body);
    return status;
  }

  #list(res: ServerResponse, name: string, bucket: Map<string, OssObject>, q: URLSearchParams) {
    const v2 = q.get("list-type") === "2";
    const prefix = q.get("prefix") ?? "";
    const delimiter = q.get("delimiter") ?? "";
    const maxKeys = intParam(q, "max-keys", 100, 1000);
    let after = "";
    if (v2) {
      const token = q.get("continuation-token");
      after = token ? Buffer.from(token, "base64url").toString("utf8") : (q.get("start-after") ?? "");
    } else {
      after = q.get("marker") ?? "";
    }
    const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const prefixes: string[] = [];
    let last = "";
    let truncated = false;
    for (const k of keys) {
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (delimiter !== "") {
        const i = k.indexOf(delimiter, prefix.length);
        if (i >= 0) {
          const p = k.slice(0, i + delimiter.length);
          if (prefixes.at(-1) !== p) prefixes.push(p);
          last = k;
          continue;
        }
      }
      contents.push(k);
      last = k;
    }
    const entry = (k: string): string => {
      const o = bucket.get(k) as OssObject;
      const owner =
        v2 && q.get("fetch-owner") !== "true"
          ? ""
          : "<Owner><ID>1234567890</ID><DisplayName>weft-test</DisplayName></Owner>";
      return (
        `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>` +
        `<ETag>${xmlEscape(o.etag)}</ETag><Type>${o.type}</Type><Size>${o.data.length}</Size>` +
        `<StorageClass>Standard</StorageClass>${owner}</Contents>`
      );
    };
    const common =
      `<Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><MaxKeys>${maxKeys}</MaxKeys>` +
      `<Delimiter>${xmlEscape(delimiter)}</Delimiter><IsTruncated>${truncated}</IsTruncated>`;
    const paging = v2
      ? `<KeyCount>${contents.length + prefixes.length}</KeyCount>` +
        (q.get("continuation-token")
          ? `<ContinuationToken>${xmlEscape(q.get("continuation-token") ?? "")}</ContinuationToken>`
          : "") +
        (truncated
          ? `<NextContinuationToken>${Buffer.from(last).toString("base64url")}</NextContinuationToken>`
          : "")
      : `<Marker>${xmlEscape(after)}</Marker>${truncated ? `<NextMarker>${xmlEscape(last)}</NextMarker>` : ""}`;
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>${common}${paging}` +
      `${contents.map(entry).join("")}${prefixes.map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join("")}` +
      "</ListBucketResult>";
    res
      .writeHead(200, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) })
      .end(xml);
    return 200;
  }

  async #deleteMulti(req: IncomingMessage, res: ServerResponse, bucket: Map<string, OssObject>) {
    const body = (await this.#body(req)).toString("utf8");
    if (!body.includes("<Delete>")) fault("MalformedXML", "The XML you provided was not well-formed.");
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(body);
    const keys = [...body.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1] ?? ""));
    for (const k of keys) bucket.delete(k);
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult>` +
      (quiet ? "" : keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join("")) +
      "</DeleteResult>";
    res
      .writeHead(200, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) })
      .end(xml);
    return 200;
  }

  #upload(q: URLSearchParams): Upload {
    const up = this.#uploads.get(q.get("uploadId") ?? "");
    if (up === undefined) {
      fault(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      );
    }
    return up;
  }

  #initiate(req: IncomingMessage, res: ServerResponse, bucket: string, key: string) {
    req.resume();
    const uploadId = randomBytes(16).toString("hex").toUpperCase();
    this.#uploads.set(uploadId, {
      bucket,
      key,
      contentType: req.headers["content-type"] ?? "application/octet-stream",
      meta: this.#meta(req),
      parts: new Map(),
    });
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>${xmlEscape(bucket)}</Bucket>` +
      `<Key>${xmlEscape(key)}</Key><UploadId>${uploadId}</UploadId></InitiateMultipartUploadResult>`;
    res
      .writeHead(200, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) })
      .end(xml);
    return 200;
  }

  async #uploadPart(req: IncomingMessage, res: ServerResponse, q: URLSearchParams) {
    const up = this.#upload(q);
    const n = Number(q.get("partNumber"));
    if (!Number.isInteger(n) || n < 1 || n > 10000)
      fault("InvalidArgument", "partNumber must be an integer in [1, 10000]");
    const data = await this.#body(req);
    const etag = `"${md5(data).toString("hex").toUpperCase()}"`;
    up.parts.set(n, { data, etag });
    res.writeHead(200, { etag, "content-length": 0 }).end();
    return 200;
  }

  async #complete(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: Map<string, OssObject>,
    q: URLSearchParams,
  ) {
    const up = this.#upload(q);
    const body = (await this.#body(req)).toString("utf8");
    const listed = [
      ...body.matchAll(/<Part>\s*<PartNumber>(\d+)<\/PartNumber>\s*<ETag>([\s\S]*?)<\/ETag>\s*<\/Part>/g),
    ].map((m) => ({ n: Number(m[1]), etag: xmlUnescape(m[2] ?? "") }));
    if (listed.length === 0) fault("MalformedXML", "The XML you provided was not well-formed.");
    const chunks: Buffer[] = [];
    const digests: Buffer[] = [];
    listed.forEach((p, i) => {
      if (i > 0 && p.n <= (listed[i - 1]?.n ?? 0))
        fault("InvalidPartOrder", "The list of parts was not in ascending order.");
      const part = up.parts.get(p.n);
      if (part === undefined || part.etag.toUpperCase() !== p.etag.toUpperCase()) {
        fault("InvalidPart", `One or more of the specified parts could not be found (part ${p.n}).`);
      }
      if (i < listed.length - 1 && part.data.length < this.#options.minPartSize) {
        fault("EntityTooSmall", `Part ${p.n} is smaller than the minimum allowed size.`);
      }
      chunks.push(part.data);
      digests.push(md5(part.data));
    });
    const etag = `"${md5(Buffer.concat(digests)).toString("hex").toUpperCase()}-${listed.length}"`;
    bucket.set(up.key, {
      data: Buffer.concat(chunks),
      etag,
      contentType: up.contentType,
      meta: up.meta,
      lastModified: new Date(),
      type: "Multipart",
    });
    this.#uploads.delete(q.get("uploadId") ?? "");
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Location>${xmlEscape(`http://${req.headers.host ?? ""}/${up.key}`)}</Location>` +
      `<Bucket>${xmlEscape(up.bucket)}</Bucket><Key>${xmlEscape(up.key)}</Key><ETag>${etag}</ETag></CompleteMultipartUploadResult>`;
    res
      .writeHead(200, { etag, "content-type": "application/xml", "content-length": Buffer.byteLength(xml) })
      .end(xml);
    return 200;
  }
}
