import type { Clock } from "../clock.js";
import type { ListResult, WatchEventType, WatchHandle } from "./cron-api.js";

interface Meta {
  metadata: {
    name?: string | undefined;
    namespace?: string | undefined;
    resourceVersion?: string | undefined;
  };
}

export interface InformerOptions<T extends Meta> {
  readonly list: () => Promise<ListResult<T>>;
  readonly watch: (
    resourceVersion: string,
    onEvent: (type: WatchEventType, object: T) => void,
    onDone: (error: unknown) => void,
  ) => Promise<WatchHandle>;
  readonly clock: Clock;
  /** Objects failing the filter are treated as absent (Argo's FilterFunc). */
  readonly filter?: ((object: T) => boolean) | undefined;
  readonly onChange: (key: string, object: T | undefined, previous: T | undefined) => void;
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Wait before re-listing after a failed list or a closed watch (default 1000 ms, doubling to 30 s). */
  readonly relistDelayMs?: number | undefined;
}

export function objectKey(object: Meta): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name ?? ""}` : (name ?? "");
}

/**
 * A list-watch cache: LIST, then WATCH from the list's resourceVersion; a watch that ends or fails (410 Gone,
 * connection reset, server-side close) leads to a fresh LIST, so the cache never silently stops. Changes found by
 * a re-list (including deletions missed while disconnected) are reported like watch events.
 */
export class Informer<T extends Meta> {
  readonly #options: InformerOptions<T>;
  readonly #store = new Map<string, T>();
  #handle: WatchHandle | undefined;
  #timer: { cancel(): void } | undefined;
  #stopped = false;
  #synced = false;
  #failures = 0;
  #generation = 0;
  #syncWaiters: Array<() => void> = [];

  constructor(options: InformerOptions<T>) {
    this.#options = options;
  }

  get synced(): boolean {
    return this.#synced;
  }

  get(key: string): T | undefined {
    return this.#store.get(key);
  }

  list(): T[] {
    return [...this.#store.values()];
  }

  /** Resolves once the first LIST has been applied. */
  whenSynced(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  start(): void {
    void this.#run();
  }

  stop(): void {
    this.#stopped = true;
    this.#generation++;
    this.#handle?.stop();
    this.#timer?.cancel();
  }

  #accepts(object: T): boolean {
    return this.#options.filter === undefined || this.#options.filter(object);
  }

  #apply(type: WatchEventType, object: T): void {
    if (type === "BOOKMARK") return;
    const key = objectKey(object);
    const previous = this.#store.get(key);
    if (type === "DELETED" || !this.#accepts(object)) {
      if (previous === undefined) return;
      this.#store.delete(key);
      this.#options.onChange(key, undefined, previous);
      return;
    }
    this.#store.set(key, object);
    this.#options.onChange(key, object, previous);
  }

  async #run(): Promise<void> {
    const generation = ++this.#generation;
    let listed: ListResult<T>;
    try {
      listed = await this.#options.list();
    } catch (error) {
      this.#retry(generation, error);
      return;
    }
    if (this.#stopped || generation !== this.#generation) return;
    const seen = new Set<string>();
    for (const object of listed.items) {
      seen.add(objectKey(object));
      this.#apply("MODIFIED", object);
    }
    for (const [key, previous] of [...this.#store]) {
      if (!seen.has(key)) {
        this.#store.delete(key);
        this.#options.onChange(key, undefined, previous);
      }
    }
    if (!this.#synced) {
      this.#synced = true;
      for (const w of this.#syncWaiters.splice(0)) w();
    }
    try {
      this.#handle = await this.#options.watch(
        listed.resourceVersion,
        (type, object) => {
          if (generation !== this.#generation) return;
          this.#failures = 0;
          this.#apply(type, object);
        },
        (error) => {
          if (generation !== this.#generation) return;
          this.#retry(generation, error ?? new Error("watch closed"), true);
        },
      );
      if (this.#stopped) this.#handle.stop();
    } catch (error) {
      this.#retry(generation, error);
    }
  }

  #retry(generation: number, error: unknown, closedCleanly = false): void {
    if (this.#stopped || generation !== this.#generation) return;
    this.#handle?.stop();
    this.#handle = undefined;
    if (!closedCleanly) this.#options.onError?.(error);
    const base = this.#options.relistDelayMs ?? 1000;
    const delay = closedCleanly && this.#failures === 0 ? 0 : Math.min(30_000, base * 2 ** this.#failures);
    this.#failures++;
    this.#timer = this.#options.clock.setTimer(() => void this.#run(), delay, { unref: true });
  }
}
