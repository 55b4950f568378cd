/**
 * Optional data directory: a snapshot (`state.json`) plus an append-only journal (`journal.jsonl`, one line per
 * write, appended synchronously) so a restarted server keeps its objects and its resourceVersion counter.
 * Opening replays the journal onto the snapshot and compacts both into a new snapshot.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { ObjectStore } from "./object-store.js";
import { isRecord, type KubeObject } from "./types.js";

interface Snapshot {
  resourceVersion: number;
  objects: [string, KubeObject][];
}

export class DataDir {
  readonly #dir: string;
  readonly #store: ObjectStore;
  #fd: number | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(dir: string, store: ObjectStore) {
    this.#dir = dir;
    this.#store = store;
  }

  /** Loads the saved state into the (empty) store, compacts it, then journals every further write. */
  open(): void {
    mkdirSync(this.#dir, { recursive: true });
    const objects = new Map<string, [string, KubeObject]>();
    let rv = 0;
    const snapshotPath = join(this.#dir, "state.json");
    if (existsSync(snapshotPath)) {
      const snap = JSON.parse(readFileSync(snapshotPath, "utf8")) as Snapshot;
      if (!isRecord(snap) || !Array.isArray(snap.objects) || typeof snap.resourceVersion !== "number") {
        throw new Error(
          `${snapshotPath}: not a local-cluster snapshot (expected resourceVersion and objects)`,
        );
      }
      rv = snap.resourceVersion;
      for (const [bucket, obj] of snap.objects)
        objects.set(`${bucket}|${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`, [bucket, obj]);
    }
    const journalPath = join(this.#dir, "journal.jsonl");
    if (existsSync(journalPath)) {
      for (const line of readFileSync(journalPath, "utf8").split("\n")) {
        if (line.trim() === "") continue;
        let entry: { b: string; t: "put" | "del"; o: KubeObject };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          break; // a torn last line from a crash: everything before it is intact
        }
        const key = `${entry.b}|${entry.o.metadata.namespace ?? ""}/${entry.o.metadata.name ?? ""}`;
        if (entry.t === "put") objects.set(key, [entry.b, entry.o]);
        else objects.delete(key);
        rv = Math.max(rv, Number(entry.o.metadata.resourceVersion ?? 0));
      }
    }
    this.#store.restore(rv, objects.values());
    this.#writeSnapshot();
    this.#fd = openSync(journalPath, "w");
    this.#unsubscribe = this.#store.subscribeAll((bucket, ev) => {
      if (this.#fd === undefined) return;
      const line = JSON.stringify({ b: bucket, t: ev.type === "DELETED" ? "del" : "put", o: ev.object });
      writeSync(this.#fd, `${line}\n`);
    });
  }

  #writeSnapshot(): void {
    const objects: [string, KubeObject][] = [];
    for (const bucket of this.#store.bucketNames()) {
      for (const obj of this.#store.list(bucket)) objects.push([bucket, obj]);
    }
    const snap: Snapshot = { resourceVersion: this.#store.resourceVersion, objects };
    const tmp = join(this.#dir, "state.json.tmp");
    writeFileSync(tmp, JSON.stringify(snap));
    renameSync(tmp, join(this.#dir, "state.json"));
  }

  /** Writes a fresh snapshot and empties the journal. */
  close(): void {
    this.#unsubscribe?.();
    if (this.#fd !== undefined) {
      closeSync(this.#fd);
      this.#fd = undefined;
    }
    this.#writeSnapshot();
    writeFileSync(join(this.#dir, "journal.jsonl"), "");
  }
}
