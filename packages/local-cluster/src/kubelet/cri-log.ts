/**
 * The CRI log line format a kubelet keeps container logs in, one record per line:
 *
 *     2026-01-01T00:00:00.123000000Z stdout F hello
 *
 * `F` ends a line of the container's output (a newline follows it), `P` is a part of a longer line.
 */
export interface CriLogRecord {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly timestamp: string;
  readonly stream: "stdout" | "stderr";
  readonly partial: boolean;
  readonly content: Buffer;
}

/** RFC 3339 with nanoseconds, as the CRI and `kubectl logs --timestamps` print it. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000000Z");
}

export function formatRecord(
  time: number,
  stream: "stdout" | "stderr",
  partial: boolean,
  content: Buffer,
): Buffer {
  return Buffer.concat([
    Buffer.from(`${rfc3339Nano(time)} ${stream} ${partial ? "P" : "F"} `),
    content,
    NEWLINE,
  ]);
}

const NEWLINE = Buffer.from("\n");
const SPACE = 0x20;

/** Parses one record (without its trailing newline); `undefined` for a malformed line. */
export function parseRecord(line: Buffer): CriLogRecord | undefined {
  const a = line.indexOf(SPACE);
  const b = a < 0 ? -1 : line.indexOf(SPACE, a + 1);
  const c = b < 0 ? -1 : line.indexOf(SPACE, b + 1);
  if (c < 0) return undefined;
  const timestamp = line.subarray(0, a).toString();
  const stream = line.subarray(a + 1, b).toString();
  const tag = line.subarray(b + 1, c).toString();
  const time = Date.parse(timestamp);
  if (Number.isNaN(time) || (stream !== "stdout" && stream !== "stderr") || (tag !== "F" && tag !== "P")) {
    return undefined;
  }
  return { time, timestamp, stream, partial: tag === "P", content: line.subarray(c + 1) };
}
