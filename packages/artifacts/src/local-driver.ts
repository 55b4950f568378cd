import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, lstat, mkdir, readFile, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { packDirectory, unpackDirectory, walk } from "./archive.js";
import type { ArtifactDriver, ObjectLocation, SaveOptions, StreamSource } from "./driver.js";
import { ArtifactNotFound, type ErrorContext, InvalidLocation, StorageError } from "./errors.js";
import { joinInside } from "./safe-path.js";
import { removeQuietly, siblingTempPath } from "./temp-path.js";

/** Directory under the root where the driver keeps per-key metadata (which keys are archived directories). */
const META_DIR = ".weft-meta";
/** Names of in-progress writes (`siblingTempPath`), hidden from listings. */
const TEMP_NAME = /(^|\/)\.[^/]*\.weft-[0-9a-f]{12}$/;

export interface LocalDriverOptions {
  /** The repository's root directory; created if missing. Every key lives under it. */
  readonly root: string;
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "ENOENT";
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || !(rel === ".." || rel.startsWith(`..${sep}`) || rel.startsWith(sep));
}

/**
 * The embedded default repository: keys are paths under `root`. A key that escapes the root (`..`, an absolute
 * path, or a symlink that points outside) is an `InvalidLocation`. Directories are stored as a tar.gz (default)
 * or as a copy of the tree (`archive: "none"`).
 */
export class LocalDriver implements ArtifactDriver {
  readonly provider = "local" as const;
  readonly root: string;
  #realRoot: Promise<string> | undefined;

  constructor(options: LocalDriverOptions) {
    if (typeof options?.root !== "string" || options.root === "") {
      throw new InvalidLocation("root", "must be a non-empty directory path", {
        provider: "local",
        operation: "configure",
      });
    }
    this.root = options.root;
  }

  #ctx(operation: string, key?: string): ErrorContext {
    return { provider: "local", operation, key };
  }

  async #path(location: ObjectLocation, operation: string, allowEmpty = false): Promise<string> {
    const key = (location as { key?: unknown } | null)?.key;
    if (typeof key !== "string") throw new InvalidLocation("key", "must be a string", this.#ctx(operation));
    this.#realRoot ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    const realRoot = await this.#realRoot;
    if (key === "" || key === "/") {
      if (allowEmpty) return realRoot;
      throw new InvalidLocation("key", "must not be empty", this.#ctx(operation, key));
    }
    const path = joinInside(realRoot, key);
    if (path === undefined) {
      throw new InvalidLocation(
        "key",
        "must stay inside the repository root (no '..', no absolute path)",
        this.#ctx(operation, key),
      );
    }
    if (relative(realRoot, path).split(sep)[0] === META_DIR) {
      throw new InvalidLocation("key", `must not start with ${META_DIR}/`, this.#ctx(operation, key));
    }
    // The deepest part of the path that exists must resolve inside the root: no symlink out of it.
    let probe = path;
    for (;;) {
      try {
        const real = await realpath(probe);
        if (!inside(realRoot, real)) {
          throw new InvalidLocation("key", "resolves outside the repository root through a symlink", {
            ...this.#ctx(operation, key),
          });
        }
        break;
      } catch (err) {
        if (!isNotFound(err) || probe === realRoot) throw err;
        probe = dirname(probe);
      }
    }
    return path;
  }

  async #metaPath(path: string): Promise<string> {
    const realRoot = (await this.#realRoot) ?? this.root;
    return join(realRoot, META_DIR, `${relative(realRoot, path)}.json`);
  }

  async #isArchive(path: string): Promise<boolean> {
    try {
      const meta = JSON.parse(await readFile(await this.#metaPath(path), "utf8")) as { archive?: unknown };
      return meta.archive === "tar.gz";
    } catch {
      return false;
    }
  }

  async #setArchive(path: string, archived: boolean): Promise<void> {
    const meta = await this.#metaPath(path);
    if (!archived) {
      await removeQuietly(meta);
      return;
    }
    await mkdir(dirname(meta), { recursive: true });
    await writeFile(meta, JSON.stringify({ archive: "tar.gz" }));
  }

  async #place(tmp: string, path: string): Promise<void> {
    await removeQuietly(path);
    await rename(tmp, path);
  }

  async save(localPath: string, location: ObjectLocation, options: SaveOptions = {}): Promise<void> {
    const path = await this.#path(location, "save");
    const archive = options.archive ?? "tar.gz";
    if (archive !== "tar.gz" && archive !== "none") {
      throw new InvalidLocation("archive", 'must be "tar.gz" or "none"', this.#ctx("save", location.key));
    }
    const st = await stat(localPath);
    await mkdir(dirname(path), { recursive: true });
    const tmp = siblingTempPath(path);
    try {
      if (!st.isDirectory()) {
        await copyFile(localPath, tmp);
      } else if (archive === "tar.gz") {
        await packDirectory(localPath, tmp);
      } else {
        await mkdir(tmp);
        for (const e of await walk(localPath)) {
          if (e.dir) await mkdir(join(tmp, e.rel), { recursive: true });
          else await copyFile(join(localPath, e.rel), join(tmp, e.rel));
        }
      }
      await this.#place(tmp, path);
      await this.#setArchive(path, st.isDirectory() && archive === "tar.gz");
    } finally {
      await removeQuietly(tmp);
    }
  }

  async saveStream(source: Readable | StreamSource, location: ObjectLocation): Promise<void> {
    const path = await this.#path(location, "saveStream");
    await mkdir(dirname(path), { recursive: true });
    const tmp = siblingTempPath(path);
    try {
      await pipeline(typeof source === "function" ? source() : source, createWriteStream(tmp));
      await this.#place(tmp, path);
      await this.#setArchive(path, false);
    } finally {
      await removeQuietly(tmp);
    }
  }

  async #statOrNotFound(path: string, operation: string, key: string) {
    try {
      return await stat(path);
    } catch (err) {
      if (isNotFound(err)) {
        throw new ArtifactNotFound("artifact not found", { ...this.#ctx(operation, key), code: "ENOENT" });
      }
      throw new StorageError("local storage failed", this.#ctx(operation, key), { cause: err });
    }
  }

  async load(location: ObjectLocation, localPath: string): Promise<void> {
    const path = await this.#path(location, "load");
    const st = await this.#statOrNotFound(path, "load", location.key);
    await mkdir(dirname(localPath), { recursive: true });
    const tmp = siblingTempPath(localPath);
    try {
      if (st.isDirectory()) {
        await mkdir(tmp);
        for (const e of await walk(path)) {
          if (e.dir) await mkdir(join(tmp, e.rel), { recursive: true });
          else await copyFile(join(path, e.rel), join(tmp, e.rel));
        }
      } else if (await this.#isArchive(path)) {
        await unpackDirectory(createReadStream(path), tmp);
      } else {
        await copyFile(path, tmp);
      }
      await this.#place(tmp, localPath);
    } finally {
      await removeQuietly(tmp);
    }
  }

  async openStream(location: ObjectLocation): Promise<Readable> {
    const path = await this.#path(location, "openStream");
    const st = await this.#statOrNotFound(path, "openStream", location.key);
    if (st.isDirectory()) {
      throw new InvalidLocation("key", "is a directory; open its files one by one", {
        ...this.#ctx("openStream", location.key),
      });
    }
    return createReadStream(path);
  }

  async list(prefix: ObjectLocation): Promise<string[]> {
    const realRoot = await this.#path({ key: "" }, "list", true);
    const wanted = prefix.key;
    const keys: string[] = [];
    for (const e of await walk(realRoot)) {
      if (e.dir || e.rel === META_DIR || e.rel.startsWith(`${META_DIR}/`)) continue;
      if (e.rel.startsWith(wanted) && !TEMP_NAME.test(e.rel)) keys.push(e.rel);
    }
    return keys.sort();
  }

  async exists(location: ObjectLocation): Promise<boolean> {
    const path = await this.#path(location, "exists");
    try {
      await lstat(path);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async isDirectory(location: ObjectLocation): Promise<boolean> {
    const path = await this.#path(location, "isDirectory");
    try {
      return (await stat(path)).isDirectory();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(location: ObjectLocation): Promise<void> {
    const path = await this.#path(location, "delete");
    await rm(path, { recursive: true, force: true });
    await this.#setArchive(path, false);
  }
}
