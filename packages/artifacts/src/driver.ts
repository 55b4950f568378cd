import type { Readable } from "node:stream";
import type { Provider } from "./errors.js";

/** How a directory is stored: one gzipped tarball at the key (Argo's default), or one object per file under it. */
export type ArchiveMode = "tar.gz" | "none";

/** An object (or, for `archive: "none"` directories, a key prefix) in a repository. */
export interface ObjectLocation {
  /** Defaults to the driver's bucket. Ignored by the local driver. */
  readonly bucket?: string | undefined;
  readonly key: string;
}

export interface SaveOptions {
  /** For directories; default `"tar.gz"`. A file is always stored as it is. */
  readonly archive?: ArchiveMode;
  /** Content type of a single-file object; default `application/octet-stream`. */
  readonly contentType?: string;
}

/** A re-openable source: called once per attempt, so a retry never replays a half-read stream. */
export type StreamSource = () => Readable;

/**
 * One interface for every repository, as Argo's artifact drivers have (Load, OpenStream, Save, SaveStream,
 * Delete, ListObjects, IsDirectory). Every operation retries transient faults with the provider's backoff and
 * throws `ArtifactNotFound`, `AccessDenied`, `InvalidLocation` or `StorageError`.
 */
export interface ArtifactDriver {
  readonly provider: Provider;
  /** Uploads a file, or a directory as a tar.gz (default) or file by file (`archive: "none"`). */
  save(localPath: string, location: ObjectLocation, options?: SaveOptions): Promise<void>;
  /**
   * Uploads what a stream yields. A `Readable` is first buffered to a temporary file (it cannot be replayed);
   * a `StreamSource` is re-opened for each attempt instead.
   */
  saveStream(source: Readable | StreamSource, location: ObjectLocation, options?: SaveOptions): Promise<void>;
  /** Downloads a file, unpacks a tar.gz directory, or fetches every object under a directory key. */
  load(location: ObjectLocation, localPath: string): Promise<void>;
  /** Opens the object's content (opening is retried; the stream itself is not replayed). */
  openStream(location: ObjectLocation): Promise<Readable>;
  /** Every key under `prefix` (all pages), sorted. */
  list(prefix: ObjectLocation): Promise<string[]>;
  /** Whether the object, or a directory with objects under `key/`, exists. */
  exists(location: ObjectLocation): Promise<boolean>;
  /** Whether `key/` has objects under it (a directory saved with `archive: "none"`). */
  isDirectory(location: ObjectLocation): Promise<boolean>;
  /** Deletes the object; a key ending in "/" (or a directory key) deletes everything under it. */
  delete(location: ObjectLocation): Promise<void>;
}
