import { createReadStream, createWriteStream } from "node:fs";
import { lstat, mkdir, readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import * as tar from "tar-stream";
import { joinInside } from "./safe-path.js";
import { UnsafeArchiveEntry } from "./transient-body-error.js";

/** Every regular file and directory under `root`, relative, with "/" separators, sorted. Symlinks are skipped. */
export async function walk(root: string): Promise<Array<{ rel: string; dir: boolean; size: number }>> {
  const out: Array<{ rel: string; dir: boolean; size: number }> = [];
  const visit = async (rel: string): Promise<void> => {
    const names = (await readdir(rel === "" ? root : join(root, rel))).sort();
    for (const name of names) {
      const child = rel === "" ? name : `${rel}/${name}`;
      const st = await lstat(join(root, child));
      if (st.isDirectory()) {
        out.push({ rel: child, dir: true, size: 0 });
        await visit(child);
      } else if (st.isFile()) {
        out.push({ rel: child, dir: false, size: st.size });
      }
    }
  };
  await visit("");
  return out;
}

/** Writes `dir` as a gzipped tarball to `target`, streaming file by file. */
export async function packDirectory(dir: string, target: string): Promise<void> {
  const pack = tar.pack();
  const entries = await walk(dir);
  const feed = (async () => {
    for (const e of entries) {
      const st = await lstat(join(dir, e.rel));
      if (e.dir) {
        pack.entry({ name: `${e.rel}/`, type: "directory", mode: st.mode & 0o7777, mtime: st.mtime });
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry(
          { name: e.rel, type: "file", size: st.size, mode: st.mode & 0o7777, mtime: st.mtime },
          (err) => (err ? reject(err) : resolve()),
        );
        pipeline(createReadStream(join(dir, e.rel)), entry).catch(reject);
      });
    }
    pack.finalize();
  })();
  feed.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  await Promise.all([pipeline(pack, createGzip(), createWriteStream(target)), feed]);
}

/** Unpacks a gzipped tarball into `dir`; an entry whose path would leave `dir` fails the whole unpack. */
export async function unpackDirectory(source: Readable, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const extract = tar.extract();
  const consume = (async () => {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const target = joinInside(dir, name);
      if (target === undefined) {
        entry.resume();
        if (name.replace(/^\.?\/+/, "") === "" && type === "directory") continue;
        throw new UnsafeArchiveEntry(`archive entry "${name}" would be written outside ${dir}`);
      }
      if (type === "directory") {
        await mkdir(target, { recursive: true });
        entry.resume();
      } else if (type === "file" || type === "contiguous-file") {
        await mkdir(dirname(target), { recursive: true });
        await pipeline(entry, createWriteStream(target, { mode: (entry.header.mode ?? 0o644) & 0o777 }));
      } else {
        entry.resume(); // links and devices are not restored
      }
    }
  })();
  consume.catch((err: unknown) => extract.destroy(err instanceof Error ? err : new Error(String(err))));
  const [piped, consumed] = await Promise.allSettled([pipeline(source, createGunzip(), extract), consume]);
  if (consumed.status === "rejected") throw consumed.reason;
  if (piped.status === "rejected") throw piped.reason;
}
