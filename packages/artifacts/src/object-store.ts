import type { Readable } from "node:stream";
import type { ArtifactError, ErrorContext, Provider } from "./errors.js";

/** Object metadata as the drivers store it (`x-amz-meta-*`, `x-oss-meta-*`). */
export type Metadata = Readonly<Record<string, string>>;

export interface OpenedObject {
  readonly body: Readable;
  readonly metadata: Metadata;
  readonly size?: number | undefined;
}

export interface ListPage {
  readonly keys: readonly string[];
  /** Token of the next page, absent on the last one. */
  readonly next?: string | undefined;
}

/**
 * The requests a provider makes, one attempt each (the driver adds retries around them). Every call gets the
 * attempt's signal; a provider that cannot abort a request uses its own per-request timeout instead.
 */
export interface ObjectStore {
  readonly provider: Provider;
  putFile(
    bucket: string,
    key: string,
    file: { path: string; size: number },
    options: { metadata: Metadata; contentType: string },
    signal: AbortSignal,
  ): Promise<void>;
  /** A stream of unknown length (multipart where the protocol needs it). */
  putStream(
    bucket: string,
    key: string,
    body: Readable,
    options: { metadata: Metadata; contentType: string },
    signal: AbortSignal,
  ): Promise<void>;
  getObject(bucket: string, key: string, signal: AbortSignal): Promise<OpenedObject>;
  /** `undefined` when there is no such object. */
  headObject(bucket: string, key: string, signal: AbortSignal): Promise<Metadata | undefined>;
  listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
    pageSize: number,
    signal: AbortSignal,
  ): Promise<ListPage>;
  deleteObject(bucket: string, key: string, signal: AbortSignal): Promise<void>;
  /** At most `maxBatchDelete` keys. */
  deleteObjects(bucket: string, keys: readonly string[], signal: AbortSignal): Promise<void>;
  /** Turns an SDK error into a typed one (not-found, access, or anything else). */
  toError(err: unknown, ctx: ErrorContext, transient: boolean): ArtifactError;
}
