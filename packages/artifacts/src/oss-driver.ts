import type { Readable } from "node:stream";
import { classifiers, presets } from "@weft/retry";
import OSS from "ali-oss";
import { type CredentialSources, resolveCredentials } from "./credentials.js";
import type { ArtifactDriver } from "./driver.js";
import { parseEndpoint } from "./endpoint.js";
import { type ArtifactError, type ErrorContext, InvalidLocation } from "./errors.js";
import type { Metadata, ObjectStore, OpenedObject } from "./object-store.js";
import { type ObjectDriverOptions, ObjectStoreDriver } from "./object-store-driver.js";
import type { OssClient, OssClientOptions } from "./oss-client.js";
import { typedStorageError } from "./provider-error.js";

const MiB = 1024 * 1024;

export interface OssDriverOptions extends ObjectDriverOptions, CredentialSources {
  /** `https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000`, or a bare host (then `insecure` picks http). */
  readonly endpoint: string;
  /** With a bare-host endpoint, use http. Default false. */
  readonly insecure?: boolean;
  /** Default `oss-cn-hangzhou`; V4 signing signs with it. */
  readonly region?: string;
  /** Sign with OSS4-HMAC-SHA256 instead of the V1 HMAC-SHA1 `OSS ak:sig`. Default false. */
  readonly authorizationV4?: boolean;
  /** The endpoint is the bucket's own domain (custom domain, one bucket). */
  readonly cname?: boolean;
  /** Path-style requests (`host/bucket/key`), for servers without wildcard DNS. */
  readonly pathStyle?: boolean;
  /** Per-request timeout in ms (ali-oss `timeout`), used when `retry.attemptTimeoutMs` is not set. Default 60 s. */
  readonly timeoutMs?: number;
  /** Files at least this big use multipartUpload (a failed one is aborted). Default 16 MiB. */
  readonly multipartThreshold?: number;
  /** Part size, >= 100 KiB. Default 8 MiB. */
  readonly partSize?: number;
  /** Parts in flight. Default 4. */
  readonly parallel?: number;
}

function ossFields(err: unknown): { code?: string; status?: number; requestId?: string } {
  if (typeof err !== "object" || err === null) return {};
  const rec = err as { code?: unknown; status?: unknown; requestId?: unknown; name?: unknown };
  const name = typeof rec.name === "string" ? rec.name : "";
  const code =
    typeof rec.code === "string"
      ? rec.code
      : name.endsWith("Error") && name !== "UnknownError" && name !== "Error"
        ? name.slice(0, -5)
        : undefined;
  return {
    ...(code === undefined ? {} : { code }),
    ...(typeof rec.status === "number" && rec.status > 0 ? { status: rec.status } : {}),
    ...(typeof rec.requestId === "string" && rec.requestId !== "" ? { requestId: rec.requestId } : {}),
  };
}

const OSS_CODES = {
  notFound: new Set(["NoSuchKey", "NoSuchBucket"]),
  badCredentials: new Set(["SignatureDoesNotMatch", "InvalidAccessKeyId", "SecurityTokenExpired"]),
};

/** Maps an `ali-oss` error to the typed errors (`err.params`, which holds the request body, is dropped). */
export function ossError(err: unknown, ctx: ErrorContext, transient: boolean): ArtifactError {
  return typedStorageError(err, ossFields(err), ctx, transient, OSS_CODES);
}

function headerMetadata(headers: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase().startsWith("x-oss-meta-") && typeof v === "string")
      meta[k.slice(11).toLowerCase()] = v;
  }
  return meta;
}

class OssStore implements ObjectStore {
  readonly provider = "oss" as const;
  readonly #options: OssDriverOptions;
  readonly #endpoint: URL;
  readonly #clients = new Map<string, Promise<OssClient>>();
  readonly #timeout: number;
  readonly #threshold: number;
  readonly #partSize: number;
  readonly #parallel: number;

  constructor(options: OssDriverOptions) {
    const ctx: ErrorContext = { provider: "oss", operation: "configure" };
    if (typeof options !== "object" || options === null || options.endpoint === undefined) {
      throw new InvalidLocation("endpoint", "is required", ctx);
    }
    this.#options = options;
    this.#endpoint = parseEndpoint(options.endpoint, options.insecure ?? false, ctx);
    this.#timeout = options.retry?.attemptTimeoutMs ?? options.timeoutMs ?? 60_000;
    this.#threshold = options.multipartThreshold ?? 16 * MiB;
    this.#partSize = options.partSize ?? 8 * MiB;
    this.#parallel = options.parallel ?? 4;
    if (!Number.isFinite(this.#timeout) || this.#timeout <= 0) {
      throw new InvalidLocation("timeoutMs", "must be a positive number", ctx);
    }
    if (!Number.isInteger(this.#partSize) || this.#partSize < 100 * 1024) {
      throw new InvalidLocation("partSize", "must be an integer >= 100 KiB (102400)", ctx);
    }
    if (!Number.isInteger(this.#parallel) || this.#parallel < 1) {
      throw new InvalidLocation("parallel", "must be a positive integer", ctx);
    }
  }

  #client(bucket: string): Promise<OssClient> {
    let client = this.#clients.get(bucket);
    if (client === undefined) {
      client = (async () => {
        const ctx: ErrorContext = { provider: "oss", operation: "configure", bucket };
        if (!/^[a-z0-9_][a-z0-9-_]{1,61}[a-z0-9_]$/.test(bucket)) {
          throw new InvalidLocation(
            "bucket",
            "must be 3-63 of a-z, 0-9, '-' and '_' (OSS naming rules)",
            ctx,
          );
        }
        const creds = await resolveCredentials(
          this.#options,
          {
            accessKeyId: "OSS_ACCESS_KEY_ID",
            secretAccessKey: "OSS_ACCESS_KEY_SECRET",
            sessionToken: "OSS_SESSION_TOKEN",
          },
          ctx,
        );
        const o = this.#options;
        const opts: OssClientOptions = {
          accessKeyId: creds.accessKeyId,
          accessKeySecret: creds.secretAccessKey,
          ...(creds.sessionToken === undefined ? {} : { stsToken: creds.sessionToken }),
          bucket,
          endpoint: this.#endpoint.origin,
          secure: this.#endpoint.protocol === "https:",
          region: o.region ?? "oss-cn-hangzhou",
          authorizationV4: o.authorizationV4 ?? false,
          cname: o.cname ?? false,
          sldEnable: o.pathStyle ?? false,
          timeout: this.#timeout,
          retryMax: 0,
        };
        const Ctor = OSS as unknown as new (opts: OssClientOptions) => OssClient;
        return new Ctor(opts);
      })();
      this.#clients.set(bucket, client);
      client.catch(() => this.#clients.delete(bucket));
    }
    return client;
  }

  async putFile(
    bucket: string,
    key: string,
    file: { path: string; size: number },
    options: { metadata: Metadata; contentType: string },
    _signal: AbortSignal,
  ): Promise<void> {
    const client = await this.#client(bucket);
    const common = { meta: { ...options.metadata }, mime: options.contentType, timeout: this.#timeout };
    if (file.size < this.#threshold) {
      await client.put(key, file.path, common);
      return;
    }
    let uploadId: string | undefined;
    try {
      await client.multipartUpload(key, file.path, {
        ...common,
        partSize: this.#partSize,
        parallel: this.#parallel,
        progress: (_fraction, checkpoint) => {
          if (checkpoint?.uploadId !== undefined) uploadId = checkpoint.uploadId;
        },
      });
    } catch (err) {
      // ali-oss leaves the parts of a failed upload behind; abort it so no storage is stranded.
      if (uploadId !== undefined) {
        await client.abortMultipartUpload(key, uploadId, { timeout: this.#timeout }).catch(() => undefined);
      }
      throw err;
    }
  }

  async putStream(
    bucket: string,
    key: string,
    body: Readable,
    options: { metadata: Metadata; contentType: string },
    _signal: AbortSignal,
  ): Promise<void> {
    const client = await this.#client(bucket);
    try {
      await client.putStream(key, body, {
        meta: { ...options.metadata },
        mime: options.contentType,
        timeout: this.#timeout,
      });
    } finally {
      body.destroy();
    }
  }

  async getObject(bucket: string, key: string, _signal: AbortSignal): Promise<OpenedObject> {
    const client = await this.#client(bucket);
    const out = await client.getStream(key, { timeout: this.#timeout });
    const length = Number(out.res.headers["content-length"]);
    return {
      body: out.stream,
      metadata: headerMetadata(out.res.headers),
      size: Number.isFinite(length) ? length : undefined,
    };
  }

  async headObject(bucket: string, key: string, _signal: AbortSignal): Promise<Metadata | undefined> {
    const client = await this.#client(bucket);
    try {
      const out = await client.head(key, { timeout: this.#timeout });
      return headerMetadata(out.res.headers);
    } catch (err) {
      if (ossFields(err).code === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
    pageSize: number,
    _signal: AbortSignal,
  ) {
    const client = await this.#client(bucket);
    const out = await client.listV2(
      {
        prefix,
        "max-keys": String(pageSize),
        ...(token === undefined ? {} : { "continuation-token": token }),
      },
      { timeout: this.#timeout },
    );
    const keys = (out.objects ?? []).map((o) => o.name);
    const next = out.isTruncated && out.nextContinuationToken ? out.nextContinuationToken : undefined;
    return { keys, next };
  }

  async deleteObject(bucket: string, key: string, _signal: AbortSignal): Promise<void> {
    const client = await this.#client(bucket);
    await client.delete(key, { timeout: this.#timeout });
  }

  async deleteObjects(bucket: string, keys: readonly string[], _signal: AbortSignal): Promise<void> {
    if (keys.length === 0) return;
    const client = await this.#client(bucket);
    await client.deleteMulti([...keys], { quiet: true, timeout: this.#timeout });
  }

  toError(err: unknown, ctx: ErrorContext, transient: boolean): ArtifactError {
    return ossError(err, ctx, transient);
  }
}

/**
 * An Aliyun OSS repository on `ali-oss`. ali-oss never retries a 5xx (and a stream body never), so every
 * operation retries here with Argo's OSS backoff (5 attempts from 2 s, x2, jitter 0.1) and the OSS transient
 * set, `InternalError` included.
 */
export function createOssDriver(options: OssDriverOptions): ArtifactDriver {
  return new ObjectStoreDriver(
    new OssStore(options),
    presets.ossDriver,
    [classifiers.explicit, classifiers.network, classifiers.oss],
    options,
  );
}
