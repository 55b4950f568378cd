import { createWriteStream } from "node:fs";
import { mkdir, rename, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Classifier, classify, type RetryHooks, type RetryOptions, retry } from "@weft/retry";
import { packDirectory, unpackDirectory, walk } from "./archive.js";
import type { ArtifactDriver, ObjectLocation, SaveOptions, StreamSource } from "./driver.js";
import { ArtifactError, ArtifactNotFound, type ErrorContext, InvalidLocation } from "./errors.js";
import type { Metadata, ObjectStore } from "./object-store.js";
import { joinInside } from "./safe-path.js";
import { removeQuietly, siblingTempPath, tempPathIn } from "./temp-path.js";
import { TransientBodyError, UnsafeArchiveEntry } from "./transient-body-error.js";

/** Metadata key that marks an object as a tar.gz of a directory. */
export const ARCHIVE_METADATA_KEY = "weft-archive";

/** Options every object-store driver takes. */
export interface ObjectDriverOptions {
  /** Bucket used when a location has none. */
  readonly bucket?: string;
  /**
   * Overrides of the provider's retry preset (backoff, `attemptTimeoutMs`, `clock`, `random`, ...). `classify`
   * and `operation` are set by the driver.
   */
  readonly retry?: Omit<RetryOptions, "classify" | "operation" | "hooks">;
  /** Called on every attempt, retry, success and give-up; `operation` is e.g. `"oss.save"`. */
  readonly hooks?: RetryHooks;
  /** Keys per list request. Default 1000. */
  readonly pageSize?: number;
  /** Where streamed saves and directory archives are buffered. Default `os.tmpdir()`. */
  readonly tmpDir?: string;
  /** Parallel uploads/downloads for `archive: "none"` directories. Default 4. */
  readonly concurrency?: number;
}

interface Target {
  readonly bucket: string;
  readonly key: string;
}

function isReadable(x: unknown): x is Readable {
  return x instanceof Readable;
}

async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** The driver logic shared by S3 and OSS: directories, temp files, retries and typed errors. */
export class ObjectStoreDriver implements ArtifactDriver {
  readonly provider: ObjectStore["provider"];
  readonly #store: ObjectStore;
  readonly #preset: RetryOptions;
  readonly #options: ObjectDriverOptions;
  readonly #classifiers: readonly Classifier[];
  readonly #pageSize: number;
  readonly #concurrency: number;

  constructor(
    store: ObjectStore,
    preset: RetryOptions,
    classifiers: readonly Classifier[],
    options: ObjectDriverOptions,
  ) {
    this.provider = store.provider;
    this.#store = store;
    this.#preset = preset;
    this.#classifiers = classifiers;
    this.#options = options;
    this.#pageSize = options.pageSize ?? 1000;
    this.#concurrency = options.concurrency ?? 4;
    const ctx: ErrorContext = { provider: store.provider, operation: "configure" };
    if (!Number.isInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > 1000) {
      throw new InvalidLocation("pageSize", "must be an integer in [1, 1000]", ctx);
    }
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new InvalidLocation("concurrency", "must be a positive integer", ctx);
    }
    if (options.bucket !== undefined && (typeof options.bucket !== "string" || options.bucket === "")) {
      throw new InvalidLocation("bucket", "must be a non-empty string", ctx);
    }
  }

  #target(location: ObjectLocation, operation: string, allowEmptyKey = false): Target {
    const ctx: ErrorContext = { provider: this.provider, operation };
    if (typeof location !== "object" || location === null) {
      throw new InvalidLocation("location", "must be an object with a key", ctx);
    }
    const bucket = location.bucket ?? this.#options.bucket;
    if (typeof bucket !== "string" || bucket === "") {
      throw new InvalidLocation("bucket", "is required (in the location or the driver options)", ctx);
    }
    const key = location.key;
    const withBucket = { ...ctx, bucket };
    if (typeof key !== "string") throw new InvalidLocation("key", "must be a string", withBucket);
    if (key === "" && !allowEmptyKey) throw new InvalidLocation("key", "must not be empty", withBucket);
    if (key.includes("\0")) throw new InvalidLocation("key", "must not contain NUL", withBucket);
    if (key.startsWith("/"))
      throw new InvalidLocation("key", 'must not start with "/"', { ...withBucket, key });
    if (Buffer.byteLength(key) > 1023) {
      throw new InvalidLocation("key", "must be at most 1023 bytes", withBucket);
    }
    return { bucket, key };
  }

  async #retry<T>(operation: string, target: Target, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let attempts = 0;
    const using = this.#classifiers;
    try {
      return await retry(
        ({ attempt, signal }) => {
          attempts = attempt;
          return fn(signal);
        },
        {
          ...this.#preset,
          ...this.#options.retry,
          ...(this.#options.hooks === undefined ? {} : { hooks: this.#options.hooks }),
          operation: `${this.provider}.${operation}`,
          classify: (e) => classify(e, using),
        },
      );
    } catch (err) {
      if (err instanceof ArtifactError) throw err;
      const transient = classify(err, using).transient;
      throw this.#store.toError(
        err,
        { provider: this.provider, operation, bucket: target.bucket, key: target.key, attempts },
        transient,
      );
    }
  }

  async #putFile(
    operation: string,
    target: Target,
    path: string,
    metadata: Metadata,
    contentType: string,
  ): Promise<void> {
    const { size } = await stat(path);
    await this.#retry(operation, target, (signal) =>
      this.#store.putFile(target.bucket, target.key, { path, size }, { metadata, contentType }, signal),
    );
  }

  async save(localPath: string, location: ObjectLocation, options: SaveOptions = {}): Promise<void> {
    const target = this.#target(location, "save");
    const archive = options.archive ?? "tar.gz";
    if (archive !== "tar.gz" && archive !== "none") {
      throw new InvalidLocation("archive", 'must be "tar.gz" or "none"', {
        provider: this.provider,
        operation: "save",
        ...target,
      });
    }
    const st = await stat(localPath);
    if (!st.isDirectory()) {
      await this.#putFile("save", target, localPath, {}, options.contentType ?? "application/octet-stream");
      return;
    }
    if (archive === "tar.gz") {
      const tarball = tempPathIn(this.#options.tmpDir ?? tmpdir(), ".tar.gz");
      try {
        await packDirectory(localPath, tarball);
        await this.#putFile(
          "save",
          target,
          tarball,
          { [ARCHIVE_METADATA_KEY]: "tar.gz" },
          "application/gzip",
        );
      } finally {
        await removeQuietly(tarball);
      }
      return;
    }
    const base = target.key.replace(/\/+$/, "");
    const files = (await walk(localPath)).filter((e) => !e.dir);
    await mapLimit(files, this.#concurrency, (f) =>
      this.#putFile(
        "save",
        { bucket: target.bucket, key: `${base}/${f.rel}` },
        `${localPath}/${f.rel}`,
        {},
        "application/octet-stream",
      ),
    );
  }

  async saveStream(
    source: Readable | StreamSource,
    location: ObjectLocation,
    options: SaveOptions = {},
  ): Promise<void> {
    const target = this.#target(location, "saveStream");
    const contentType = options.contentType ?? "application/octet-stream";
    if (typeof source === "function") {
      await this.#retry("saveStream", target, (signal) =>
        this.#store.putStream(target.bucket, target.key, source(), { metadata: {}, contentType }, signal),
      );
      return;
    }
    if (!isReadable(source)) {
      throw new InvalidLocation("source", "must be a Readable or a function returning one", {
        provider: this.provider,
        operation: "saveStream",
        ...target,
      });
    }
    // A consumed stream cannot be replayed: buffer it to a file, then upload the file with retries (as Argo does).
    const tmp = tempPathIn(this.#options.tmpDir ?? tmpdir(), ".part");
    try {
      await pipeline(source, createWriteStream(tmp));
      await this.#putFile("saveStream", target, tmp, {}, contentType);
    } finally {
      await removeQuietly(tmp);
    }
  }

  /** Downloads one object into `localPath` (atomically), unpacking it if it is an archived directory. */
  async #download(operation: string, target: Target, localPath: string): Promise<void> {
    await mkdir(dirname(localPath), { recursive: true });
    // Each attempt writes its own temp path: an attempt abandoned on timeout may still be running.
    const tmp = await this.#retry(operation, target, async (signal) => {
      const path = siblingTempPath(localPath);
      try {
        const obj = await this.#store.getObject(target.bucket, target.key, signal);
        const body = obj.body.on("error", () => undefined);
        const failed = (err: unknown): never => {
          if (err instanceof UnsafeArchiveEntry) throw err;
          throw new TransientBodyError(`reading ${target.bucket}/${target.key} failed mid-stream`, err);
        };
        if (obj.metadata[ARCHIVE_METADATA_KEY] === "tar.gz") {
          await unpackDirectory(body, path).catch(failed);
        } else {
          const out = createWriteStream(path, { highWaterMark: 1024 * 1024 });
          await pipeline(body, out, { signal }).catch(failed);
        }
        if (signal.aborted) throw signal.reason;
        return path;
      } catch (err) {
        await removeQuietly(path);
        throw err;
      }
    });
    try {
      await removeQuietly(localPath);
      await rename(tmp, localPath);
    } finally {
      await removeQuietly(tmp);
    }
  }

  async load(location: ObjectLocation, localPath: string): Promise<void> {
    const target = this.#target(location, "load");
    try {
      await this.#download("load", target, localPath);
      return;
    } catch (err) {
      if (!(err instanceof ArtifactNotFound) || err.code === "NoSuchBucket") throw err;
      // As Argo: a missing key may be a directory saved file by file.
      const prefix = `${target.key.replace(/\/+$/, "")}/`;
      const keys = await this.#listAll("load", { bucket: target.bucket, key: prefix });
      if (keys.length === 0) throw err;
      await mkdir(localPath, { recursive: true });
      await mapLimit(keys, this.#concurrency, async (key) => {
        const dest = joinInside(localPath, key.slice(prefix.length));
        if (dest === undefined) return; // "dir/" placeholders and keys that would escape localPath
        await this.#download("load", { bucket: target.bucket, key }, dest);
      });
    }
  }

  async openStream(location: ObjectLocation): Promise<Readable> {
    const target = this.#target(location, "openStream");
    const obj = await this.#retry("openStream", target, (signal) =>
      this.#store.getObject(target.bucket, target.key, signal),
    );
    return obj.body;
  }

  async #listAll(operation: string, target: Target): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#retry(operation, target, (signal) =>
        this.#store.listPage(target.bucket, target.key, token, this.#pageSize, signal),
      );
      keys.push(...page.keys);
      token = page.next;
    } while (token !== undefined);
    return keys.sort();
  }

  list(prefix: ObjectLocation): Promise<string[]> {
    return this.#listAll("list", this.#target(prefix, "list", true));
  }

  async isDirectory(location: ObjectLocation): Promise<boolean> {
    const target = this.#target(location, "isDirectory");
    const prefix = `${target.key.replace(/\/+$/, "")}/`;
    const page = await this.#retry("isDirectory", target, (signal) =>
      this.#store.listPage(target.bucket, prefix, undefined, 1, signal),
    );
    return page.keys.length > 0;
  }

  async exists(location: ObjectLocation): Promise<boolean> {
    const target = this.#target(location, "exists");
    const meta = await this.#retry("exists", target, (signal) =>
      this.#store.headObject(target.bucket, target.key, signal),
    );
    return meta !== undefined || (await this.isDirectory(location));
  }

  async delete(location: ObjectLocation): Promise<void> {
    const target = this.#target(location, "delete");
    if (!target.key.endsWith("/")) {
      await this.#retry("delete", target, (signal) =>
        this.#store.deleteObject(target.bucket, target.key, signal),
      );
      return;
    }
    const keys = await this.#listAll("delete", target);
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.#retry("delete", target, (signal) =>
        this.#store.deleteObjects(target.bucket, batch, signal),
      );
    }
  }
}
