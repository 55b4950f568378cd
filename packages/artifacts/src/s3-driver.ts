import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { classifiers, presets } from "@weft/retry";
import { type CredentialSources, resolveCredentials, type StaticCredentials } from "./credentials.js";
import type { ArtifactDriver } from "./driver.js";
import { parseEndpoint } from "./endpoint.js";
import { type ArtifactError, type ErrorContext, InvalidLocation } from "./errors.js";
import type { Metadata, ObjectStore, OpenedObject } from "./object-store.js";
import { type ObjectDriverOptions, ObjectStoreDriver } from "./object-store-driver.js";
import { typedStorageError } from "./provider-error.js";

const MiB = 1024 * 1024;

const ignore = (): void => undefined;
const QUIET = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

export interface S3DriverOptions extends ObjectDriverOptions, CredentialSources {
  /** `https://s3.amazonaws.com`, `http://127.0.0.1:4590`, or a bare host (then `insecure` picks http). */
  readonly endpoint?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** With a bare-host endpoint, use http. Default false. */
  readonly insecure?: boolean;
  /** Path-style addressing (`host/bucket/key`); default true when an endpoint is given (S3-compatible stores). */
  readonly forcePathStyle?: boolean;
  /**
   * SDK checksum behaviour. Default `WHEN_REQUIRED` for both: S3-compatible stores reject the SDK's streamed
   * aws-chunked checksums (radosgw answers 411).
   */
  readonly requestChecksumCalculation?: "WHEN_SUPPORTED" | "WHEN_REQUIRED";
  readonly responseChecksumValidation?: "WHEN_SUPPORTED" | "WHEN_REQUIRED";
  /** Files at least this big are uploaded in parts through lib-storage. Default 16 MiB. */
  readonly multipartThreshold?: number;
  /** Part size (>= 5 MiB). Default 8 MiB. */
  readonly partSize?: number;
  /** Parts in flight per upload (memory is about queueSize x partSize). Default 4. */
  readonly queueSize?: number;
  /**
   * SDK-level attempts for each part of a multipart upload (a failed part is re-sent from its buffer without
   * restarting the upload). Other requests make one SDK attempt each: the driver's retry owns them.
   * Default 3.
   */
  readonly partAttempts?: number;
  /** Create the bucket on first save (`BucketAlreadyOwnedByYou` counts as success). */
  readonly createBucketIfNotPresent?: boolean;
  /** Extra S3Client settings (e.g. a `requestHandler`); the driver's own settings win. */
  readonly clientConfig?: S3ClientConfig;
}

function errorFields(err: unknown): { code?: string; status?: number; requestId?: string } {
  if (typeof err !== "object" || err === null) return {};
  const rec = err as {
    name?: unknown;
    Code?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  const code = typeof rec.Code === "string" ? rec.Code : typeof rec.name === "string" ? rec.name : undefined;
  const status = rec.$metadata?.httpStatusCode;
  const requestId = rec.$metadata?.requestId;
  return {
    ...(code === undefined ? {} : { code }),
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof requestId === "string" ? { requestId } : {}),
  };
}

const S3_CODES = {
  notFound: new Set(["NoSuchKey", "NotFound", "NoSuchBucket"]),
  badCredentials: new Set(["SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidToken", "ExpiredToken"]),
};

/** Maps an `@aws-sdk/client-s3` error to the typed errors. */
export function s3Error(err: unknown, ctx: ErrorContext, transient: boolean): ArtifactError {
  return typedStorageError(err, errorFields(err), ctx, transient, S3_CODES);
}

class S3Store implements ObjectStore {
  readonly provider = "s3" as const;
  readonly #client: S3Client;
  readonly #partClient: S3Client;
  readonly #options: S3DriverOptions;
  readonly #threshold: number;
  readonly #partSize: number;
  readonly #queueSize: number;
  readonly #bucketsMade = new Map<string, Promise<void>>();

  constructor(options: S3DriverOptions) {
    this.#options = options;
    const ctx: ErrorContext = { provider: "s3", operation: "configure" };
    this.#threshold = options.multipartThreshold ?? 16 * MiB;
    this.#partSize = options.partSize ?? 8 * MiB;
    this.#queueSize = options.queueSize ?? 4;
    if (!Number.isFinite(this.#threshold) || this.#threshold < 0) {
      throw new InvalidLocation("multipartThreshold", "must be a number >= 0", ctx);
    }
    if (!Number.isInteger(this.#partSize) || this.#partSize < 5 * MiB) {
      throw new InvalidLocation("partSize", "must be an integer >= 5 MiB (5242880)", ctx);
    }
    if (!Number.isInteger(this.#queueSize) || this.#queueSize < 1) {
      throw new InvalidLocation("queueSize", "must be a positive integer", ctx);
    }
    const endpoint =
      options.endpoint === undefined
        ? undefined
        : parseEndpoint(options.endpoint, options.insecure ?? false, ctx);
    let cached: Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> | undefined;
    const credentials = () => {
      cached ??= resolveCredentials(
        options,
        {
          accessKeyId: "AWS_ACCESS_KEY_ID",
          secretAccessKey: "AWS_SECRET_ACCESS_KEY",
          sessionToken: "AWS_SESSION_TOKEN",
        },
        ctx,
      ).then((c: StaticCredentials) => ({
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
      }));
      return cached;
    };
    const base: S3ClientConfig = {
      // The SDK warns on the console when a streamed request fails without its own retry; the driver retries it.
      logger: QUIET,
      ...options.clientConfig,
      region: options.region ?? "us-east-1",
      forcePathStyle: options.forcePathStyle ?? endpoint !== undefined,
      requestChecksumCalculation: options.requestChecksumCalculation ?? "WHEN_REQUIRED",
      responseChecksumValidation: options.responseChecksumValidation ?? "WHEN_REQUIRED",
      credentials,
      ...(endpoint === undefined ? {} : { endpoint: endpoint.href.replace(/\/$/, "") }),
    };
    this.#client = new S3Client({ ...base, maxAttempts: 1 });
    this.#partClient = new S3Client({ ...base, maxAttempts: options.partAttempts ?? 3 });
  }

  async #ensureBucket(bucket: string, signal: AbortSignal): Promise<void> {
    if (this.#options.createBucketIfNotPresent !== true) return;
    let made = this.#bucketsMade.get(bucket);
    if (made === undefined) {
      made = (async () => {
        try {
          await this.#client.send(new CreateBucketCommand({ Bucket: bucket }), { abortSignal: signal });
        } catch (err) {
          const code = errorFields(err).code;
          if (code !== "BucketAlreadyOwnedByYou" && code !== "BucketAlreadyExists") throw err;
        }
      })();
      this.#bucketsMade.set(bucket, made);
      made.catch(() => this.#bucketsMade.delete(bucket));
    }
    await made;
  }

  async putFile(
    bucket: string,
    key: string,
    file: { path: string; size: number },
    options: { metadata: Metadata; contentType: string },
    signal: AbortSignal,
  ): Promise<void> {
    await this.#ensureBucket(bucket, signal);
    if (file.size < this.#threshold) {
      const body = createReadStream(file.path);
      try {
        await this.#client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentLength: file.size,
            ContentType: options.contentType,
            Metadata: { ...options.metadata },
          }),
          { abortSignal: signal },
        );
      } finally {
        body.destroy();
      }
      return;
    }
    await this.putStream(bucket, key, createReadStream(file.path), options, signal);
  }

  async putStream(
    bucket: string,
    key: string,
    body: Readable,
    options: { metadata: Metadata; contentType: string },
    signal: AbortSignal,
  ): Promise<void> {
    await this.#ensureBucket(bucket, signal);
    const upload = new Upload({
      client: this.#partClient,
      params: {
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        Metadata: { ...options.metadata },
      },
      partSize: this.#partSize,
      queueSize: this.#queueSize,
      leavePartsOnError: false,
    });
    const onAbort = (): void => void upload.abort().catch(() => undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      await upload.done();
    } finally {
      signal.removeEventListener("abort", onAbort);
      body.destroy();
    }
  }

  async getObject(bucket: string, key: string, signal: AbortSignal): Promise<OpenedObject> {
    const out = await this.#client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: signal,
    });
    const body = out.Body as Readable | undefined;
    if (body === undefined) throw new Error(`GetObject ${bucket}/${key} returned no body`);
    return { body, metadata: out.Metadata ?? {}, size: out.ContentLength };
  }

  async headObject(bucket: string, key: string, signal: AbortSignal): Promise<Metadata | undefined> {
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      return out.Metadata ?? {};
    } catch (err) {
      const { code } = errorFields(err);
      if (code === "NotFound" || code === "NoSuchKey") return undefined;
      throw err;
    }
  }

  async listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
    pageSize: number,
    signal: AbortSignal,
  ) {
    const out = await this.#client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        MaxKeys: pageSize,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
      { abortSignal: signal },
    );
    const keys = (out.Contents ?? []).map((c) => c.Key).filter((k): k is string => typeof k === "string");
    const next = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    return { keys, next };
  }

  async deleteObject(bucket: string, key: string, signal: AbortSignal): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  }

  async deleteObjects(bucket: string, keys: readonly string[], signal: AbortSignal): Promise<void> {
    if (keys.length === 0) return;
    const out = await this.#client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
      { abortSignal: signal },
    );
    const first = out.Errors?.find((e) => e.Code !== "NoSuchKey");
    if (first !== undefined) {
      throw Object.assign(new Error(`DeleteObjects: ${first.Key}: ${first.Message ?? first.Code}`), {
        name: first.Code ?? "DeleteObjectsError",
        $metadata: { httpStatusCode: first.Code === "InternalError" ? 500 : 400 },
      });
    }
  }

  toError(err: unknown, ctx: ErrorContext, transient: boolean): ArtifactError {
    return s3Error(err, ctx, transient);
  }
}

/**
 * An S3 (or S3-compatible) repository on `@aws-sdk/client-s3`. Retries every transient fault with Argo's
 * executor backoff (5 attempts from 1 s, x1.6, jitter 0.5) and the S3 + network transient sets.
 */
export function createS3Driver(options: S3DriverOptions = {}): ArtifactDriver {
  return new ObjectStoreDriver(
    new S3Store(options),
    presets.s3Executor,
    [classifiers.explicit, classifiers.network, classifiers.s3],
    options,
  );
}
