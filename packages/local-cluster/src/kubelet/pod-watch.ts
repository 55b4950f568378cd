import type { CoreV1Api, KubeConfig, V1Pod } from "@kubernetes/client-node";
import { Watch } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import { sleep } from "./clock.js";

export type PodWatchEvent = "ADDED" | "MODIFIED" | "DELETED";

export interface PodWatchHandlers {
  /** After every (re)list: the complete set of pods matching the selector. */
  readonly onList: (pods: V1Pod[]) => void;
  readonly onEvent: (type: PodWatchEvent, pod: V1Pod) => void;
}

export interface PodWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly fieldSelector: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Reconnect back-off after an error: doubles from `minBackoffMs` to `maxBackoffMs`. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

class Gone extends Error {}

/**
 * List-then-watch of pods across namespaces, restarted forever: a closed or timed-out watch resumes from the
 * last resourceVersion seen (bookmarks included), `410 Gone` relists, any other error waits with back-off and
 * retries. Unlike client-node's informer it never stops on an error.
 */
export class PodWatch {
  readonly #o: PodWatchOptions;
  readonly #handlers: PodWatchHandlers;
  readonly #abort = new AbortController();
  #current: AbortController | undefined;
  #running: Promise<void> | undefined;
  #synced: () => void = () => {};
  /** Resolves after the first successful list. */
  readonly synced: Promise<void>;

  constructor(options: PodWatchOptions, handlers: PodWatchHandlers) {
    this.#o = options;
    this.#handlers = handlers;
    this.synced = new Promise((resolve) => {
      this.#synced = resolve;
    });
  }

  start(): void {
    this.#running ??= this.#loop().catch(() => {});
  }

  async stop(): Promise<void> {
    this.#abort.abort(new Error("watch stopped"));
    this.#current?.abort();
    await this.#running;
  }

  async #loop(): Promise<void> {
    const { clock, logger } = this.#o;
    const min = this.#o.minBackoffMs ?? 500;
    const max = this.#o.maxBackoffMs ?? 30_000;
    let backoff = min;
    let rv: string | undefined;
    while (!this.#abort.signal.aborted) {
      try {
        if (rv === undefined) {
          const list = await this.#o.core.listPodForAllNamespaces({ fieldSelector: this.#o.fieldSelector });
          rv = list.metadata?.resourceVersion ?? "";
          this.#handlers.onList(list.items);
          this.#synced();
        }
        const next = await this.#watchOnce(rv, () => {
          backoff = min;
        });
        rv = next;
      } catch (err) {
        if (this.#abort.signal.aborted) return;
        if (err instanceof Gone) {
          logger.debug({ selector: this.#o.fieldSelector }, "pod watch: resourceVersion too old, relisting");
          rv = undefined;
          continue;
        }
        logger.warn({ err: String(err), selector: this.#o.fieldSelector }, "pod watch failed; retrying");
        await sleep(clock, backoff, this.#abort.signal).catch(() => {});
        backoff = Math.min(backoff * 2, max);
        if (isStatus(err, 410)) rv = undefined;
      }
    }
  }

  /** One watch request; resolves with the last resourceVersion when the server ends it normally. */
  #watchOnce(from: string, onProgress: () => void): Promise<string> {
    let rv = from;
    return new Promise<string>((resolve, reject) => {
      let gone = false;
      const watch = new Watch(this.#o.kubeConfig);
      watch
        .watch(
          "/api/v1/pods",
          {
            fieldSelector: this.#o.fieldSelector,
            resourceVersion: from,
            allowWatchBookmarks: true,
            timeoutSeconds: 290,
          },
          (type: string, obj: unknown) => {
            onProgress();
            if (type === "ERROR") {
              gone = isRecord(obj) && obj.code === 410;
              this.#current?.abort();
              return;
            }
            const pod = obj as V1Pod;
            const next = pod.metadata?.resourceVersion;
            if (next !== undefined) rv = next;
            if (type === "ADDED" || type === "MODIFIED" || type === "DELETED")
              this.#handlers.onEvent(type, pod);
          },
          (err: unknown) => {
            if (gone) reject(new Gone());
            else if (err === null || err === undefined || this.#abort.signal.aborted) resolve(rv);
            else if (isAbort(err) || isTimeout(err)) resolve(rv);
            else reject(err);
          },
        )
        .then((controller) => {
          this.#current = controller;
          if (this.#abort.signal.aborted) controller.abort();
        }, reject);
    });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function isStatus(err: unknown, code: number): boolean {
  return isRecord(err) && (err.statusCode === code || err.code === code);
}

function isAbort(err: unknown): boolean {
  return isRecord(err) && err.name === "AbortError";
}

function isTimeout(err: unknown): boolean {
  return isRecord(err) && err.name === "TimeoutError";
}
