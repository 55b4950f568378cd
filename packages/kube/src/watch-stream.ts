import type { ResourceType } from "./resource-type.js";
import type { Transport } from "./transport.js";
import type { WatchEventType } from "./types.js";

export interface WatchOptions {
  readonly namespace?: string | undefined;
  readonly resourceVersion?: string;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly allowWatchBookmarks?: boolean;
  /** Asks the server to end the stream after this long. */
  readonly timeoutSeconds?: number;
  readonly signal?: AbortSignal;
}

/** A decoded watch line: `object` is the raw JSON object (a Status for ERROR). */
export interface RawWatchEvent {
  readonly type: WatchEventType;
  readonly object: Record<string, unknown>;
}

const TYPES = new Set<string>(["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]);

/**
 * Opens a watch and feeds each line to `onEvent` until the stream ends. Resolves when the server closes it
 * cleanly; rejects with the typed error for a non-200 answer, or the network / abort error. A line that is not a
 * JSON watch event goes to `onUndecodable` and is skipped. `onEvent` runs synchronously, in stream order.
 */
export async function watchStream(
  transport: Transport,
  type: ResourceType,
  options: WatchOptions,
  onEvent: (event: RawWatchEvent) => void,
  onUndecodable: (line: string, problem: string) => void,
): Promise<void> {
  const { stream } = await transport.stream({
    verb: "watch",
    resource: type,
    namespace: options.namespace,
    query: {
      resourceVersion: options.resourceVersion,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      allowWatchBookmarks: options.allowWatchBookmarks === true ? true : undefined,
      timeoutSeconds: options.timeoutSeconds,
    },
    signal: options.signal,
  });
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (options.signal?.aborted) throw options.signal.reason;
      if (done) break;
      buffer += value;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line !== "") deliver(line, onEvent, onUndecodable);
        nl = buffer.indexOf("\n");
      }
    }
    if (buffer.trim() !== "") deliver(buffer.trim(), onEvent, onUndecodable);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}

function deliver(
  line: string,
  onEvent: (event: RawWatchEvent) => void,
  onUndecodable: (line: string, problem: string) => void,
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    onUndecodable(line, `not JSON: ${(err as Error).message}`);
    return;
  }
  const rec = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  const type = rec?.type;
  const object = rec?.object;
  if (typeof type !== "string" || !TYPES.has(type)) {
    onUndecodable(line, `unknown watch event type ${JSON.stringify(type)}`);
    return;
  }
  if (typeof object !== "object" || object === null || Array.isArray(object)) {
    onUndecodable(line, "watch event without an object");
    return;
  }
  onEvent({ type: type as WatchEventType, object: object as Record<string, unknown> });
}
