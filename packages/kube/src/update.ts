import { presets, type RetryOptions, retry } from "@weft/retry";
import { ConflictError } from "./errors.js";
import { createMergePatch } from "./merge-patch.js";
import type { ResourceClient, WriteOptions } from "./resource-client.js";
import type { KubeObject } from "./types.js";

/** A mutation: change the object (a private deep copy) and return it, or return `undefined` to write nothing. */
export type Mutation<T> = (current: T, attempt: number) => T | undefined | Promise<T | undefined>;

export interface UpdateOptions {
  /** Write the status subresource (`updateStatus`) instead of the object. */
  subresource?: "status";
  /**
   * How conflicts are retried: default client-go's `retry.DefaultRetry` (5 attempts in all, 10 ms apart with
   * jitter). Only `ConflictError` is retried; every other error rejects at once.
   */
  retry?: RetryOptions;
  /** The object as the caller already has it (e.g. from an informer): the first attempt skips the GET. */
  current?: unknown;
  signal?: AbortSignal;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * client-go's `RetryOnConflict`: runs `fn` again while it fails with a 409 Conflict, up to the policy's attempts;
 * the last error (a `ConflictError`, or the first other error) is what rejects.
 */
export function retryOnConflict<R>(
  fn: (attempt: number) => Promise<R>,
  options: RetryOptions = {},
): Promise<R> {
  return retry(({ attempt }) => fn(attempt), {
    ...presets.clientGoRetry,
    operation: "update on conflict",
    ...options,
    classify: (err) =>
      err instanceof ConflictError
        ? { transient: true, classifier: "conflict", reason: "409 Conflict" }
        : { transient: false, classifier: "conflict", reason: "not a conflict" },
  });
}

/**
 * Reads the object, applies `mutate`, and writes it back with its `resourceVersion`; on 409 Conflict re-reads and
 * re-applies, with a bounded retry. Resolves with the object as written (or as read, when `mutate` returned
 * `undefined`).
 */
export function updateWithRetry<T extends KubeObject>(
  client: ResourceClient<T>,
  namespace: string | undefined,
  name: string,
  mutate: Mutation<T>,
  options: UpdateOptions = {},
): Promise<T> {
  let cached = options.current as T | undefined;
  return retryOnConflict(
    async (attempt) => {
      const current =
        cached ??
        (await client.get(namespace, name, options.signal === undefined ? {} : { signal: options.signal }));
      cached = undefined;
      const next = await mutate(copy(current), attempt);
      if (next === undefined) return current;
      const write = {
        ...next,
        metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion },
      };
      const opts = options.signal === undefined ? {} : { signal: options.signal };
      return options.subresource === "status" ? client.updateStatus(write, opts) : client.update(write, opts);
    },
    { ...options.retry, ...(options.signal === undefined ? {} : { signal: options.signal }) },
  );
}

/**
 * Writes only what changed in `status` between `before` and `after`, as a JSON merge patch of the status
 * subresource (no resourceVersion: last writer wins per field). Resolves with the patched object, or `before`
 * when nothing changed (no request is made).
 */
export async function patchStatusChanges<T extends KubeObject & { status?: unknown }>(
  client: ResourceClient<T>,
  before: T,
  after: T,
  options: WriteOptions = {},
): Promise<T> {
  const patch = createMergePatch(before.status ?? {}, after.status ?? {});
  if (patch === undefined) return before;
  const name = before.metadata.name;
  if (name === undefined) throw new TypeError("patchStatusChanges: metadata.name is required");
  return client.patchStatus(before.metadata.namespace, name, patch, options);
}
