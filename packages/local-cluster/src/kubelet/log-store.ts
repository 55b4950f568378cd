import { closeSync, mkdirSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "./clock.js";
import { formatRecord, parseRecord } from "./cri-log.js";

/** What a reader of a container log asks for; the query parameters of `pods/log`. */
export interface LogReadOptions {
  readonly follow?: boolean;
  readonly timestamps?: boolean;
  /** Only the last N lines that exist when reading starts. */
  readonly tailLines?: number;
  /** Stop after this many bytes of output. */
  readonly limitBytes?: number;
  /** Only records at or after this time (ms since the epoch). */
  readonly sinceTime?: number;
}

interface LiveLog {
  size: number;
  closed: boolean;
  readonly listeners: Set<() => void>;
}

/** Buffers a longer line than this and it is written as a partial (`P`) record, as the CRI does. */
const MAX_LINE = 16 * 1024;

/** Appends one run of one container to its CRI-format log file. */
export class ContainerLogWriter {
  readonly path: string;
  readonly #fd: number;
  readonly #clock: Clock;
  readonly #live: LiveLog;
  readonly #pending = { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) };

  constructor(path: string, fd: number, clock: Clock, live: LiveLog) {
    this.path = path;
    this.#fd = fd;
    this.#clock = clock;
    this.#live = live;
  }

  write(stream: "stdout" | "stderr", chunk: Buffer): void {
    if (this.#live.closed) return;
    let buffer = Buffer.concat([this.#pending[stream], chunk]);
    for (let nl = buffer.indexOf(0x0a); nl >= 0; nl = buffer.indexOf(0x0a)) {
      this.#append(stream, false, buffer.subarray(0, nl));
      buffer = buffer.subarray(nl + 1);
    }
    while (buffer.length >= MAX_LINE) {
      this.#append(stream, true, buffer.subarray(0, MAX_LINE));
      buffer = buffer.subarray(MAX_LINE);
    }
    this.#pending[stream] = Buffer.from(buffer);
    this.#notify();
  }

  /** Writes what remains of unterminated lines and ends the log: followers finish. Idempotent. */
  close(): void {
    if (this.#live.closed) return;
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.#pending[stream].length > 0) this.#append(stream, true, this.#pending[stream]);
    }
    closeSync(this.#fd);
    this.#live.closed = true;
    this.#notify();
  }

  #append(stream: "stdout" | "stderr", partial: boolean, content: Buffer): void {
    const record = formatRecord(this.#clock.now(), stream, partial, content);
    writeSync(this.#fd, record);
    this.#live.size += record.length;
  }

  #notify(): void {
    for (const listener of [...this.#live.listeners]) listener();
  }
}

/**
 * The container logs of one kubelet: writers append CRI records to files, readers turn them back into the
 * container's output (optionally with timestamps, tail, byte limit and since-time) and, in follow mode, keep
 * streaming what is written until the container's run ends or the reader aborts.
 */
export class LogStore {
  readonly #clock: Clock;
  readonly #live = new Map<string, LiveLog>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Creates (truncates) the log file at `path` and returns its writer. */
  open(path: string): ContainerLogWriter {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, "w");
    const live: LiveLog = { size: 0, closed: false, listeners: new Set() };
    this.#live.set(path, live);
    return new ContainerLogWriter(path, fd, this.#clock, live);
  }

  /** Forgets the in-memory state of logs under `prefix` (their files are removed by the caller). */
  forget(prefix: string): void {
    for (const path of this.#live.keys()) if (path.startsWith(prefix)) this.#live.delete(path);
  }

  /** Streams the log at `path`. Without follow it ends at the current end of the file. */
  async *read(path: string, options: LogReadOptions = {}, signal?: AbortSignal): AsyncGenerator<Buffer> {
    const live = this.#live.get(path);
    let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
    let wake: (() => void) | undefined;
    const listener = (): void => wake?.();
    live?.listeners.add(listener);
    const onAbort = (): void => wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      let offset = 0;
      let first = true;
      for (;;) {
        const end = live?.size ?? fileSize(path);
        if (end > offset) {
          let records = readRecords(path, offset, end);
          offset = end;
          if (options.sinceTime !== undefined) {
            const since = options.sinceTime;
            records = records.filter((r) => r.time >= since);
          }
          if (first && options.tailLines !== undefined) {
            records = records.slice(Math.max(0, records.length - options.tailLines));
          }
          for (const r of records) {
            const parts: Buffer[] = [];
            if (options.timestamps === true) parts.push(Buffer.from(`${r.timestamp} `));
            parts.push(r.content);
            if (!r.partial) parts.push(Buffer.from("\n"));
            let out = Buffer.concat(parts);
            if (out.length > budget) out = out.subarray(0, budget);
            budget -= out.length;
            if (out.length > 0) yield out;
            if (budget <= 0) return;
          }
        }
        first = false;
        if (options.follow !== true || live === undefined || signal?.aborted === true) return;
        if (live.closed && live.size <= offset) return;
        if (live.size <= offset) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      }
    } finally {
      live?.listeners.delete(listener);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readRecords(path: string, start: number, end: number) {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(end - start);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    const records = [];
    let from = 0;
    for (let nl = buffer.indexOf(0x0a, from); nl >= 0; nl = buffer.indexOf(0x0a, from)) {
      const record = parseRecord(buffer.subarray(from, nl));
      if (record !== undefined) records.push(record);
      from = nl + 1;
    }
    return records;
  } finally {
    closeSync(fd);
  }
}
