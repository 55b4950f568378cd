import { TokenBucket } from "@weft/workqueue";
import pino, { type Logger } from "pino";
import { type Clock, systemClock } from "./clock.js";
import { NotFoundError } from "./errors.js";
import type { ResourceClient } from "./resource-client.js";
import type { EventType, KubeEvent, KubeObject, ObjectReference } from "./types.js";

export interface EventRecorderOptions {
  /** The Event client (`kube.events`). */
  events: ResourceClient<KubeEvent>;
  /** `source.component` / `reportingComponent`, e.g. `workflow-controller`. */
  component: string;
  /** `source.host` / `reportingInstance`, e.g. the pod name. */
  host?: string;
  /** Distinct events remembered for de-duplication (LRU). Default 4096, as client-go. */
  cacheSize?: number;
  /** Per involved object: at most `burst` events at once, refilled one per `refillMs`. Default 25 and 5 min (client-go). */
  spam?: { burst: number; refillMs: number };
  clock?: Clock;
  logger?: Logger;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
}

function referenceOf(obj: KubeObject | ObjectReference): ObjectReference {
  if ("metadata" in obj && typeof obj.metadata === "object" && obj.metadata !== null) {
    const o = obj as KubeObject;
    const ref: ObjectReference = {};
    if (o.apiVersion !== undefined) ref.apiVersion = o.apiVersion;
    if (o.kind !== undefined) ref.kind = o.kind;
    if (o.metadata.namespace !== undefined) ref.namespace = o.metadata.namespace;
    if (o.metadata.name !== undefined) ref.name = o.metadata.name;
    if (o.metadata.uid !== undefined) ref.uid = o.metadata.uid;
    if (o.metadata.resourceVersion !== undefined) ref.resourceVersion = o.metadata.resourceVersion;
    return ref;
  }
  return obj as ObjectReference;
}

/**
 * Records core/v1 Events (Normal / Warning, with a reason) about objects, de-duplicated as client-go's event
 * correlator does: an event identical to one already written (same source, object, type, reason and message)
 * increments that Event's `count` and `lastTimestamp` instead of creating another. A per-object token bucket
 * drops floods. Recording never throws: failures are logged.
 */
export class EventRecorder {
  readonly #events: ResourceClient<KubeEvent>;
  readonly #component: string;
  readonly #host: string;
  readonly #cacheSize: number;
  readonly #spam: { burst: number; refillMs: number };
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #seen = new Map<string, Seen>();
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #chains = new Map<string, Promise<void>>();
  #dropped = 0;
  #seq = 0;

  constructor(options: EventRecorderOptions) {
    if (typeof options.component !== "string" || options.component === "") {
      throw new TypeError("event recorder: component must be a non-empty string");
    }
    const cacheSize = options.cacheSize ?? 4096;
    if (!Number.isInteger(cacheSize) || cacheSize < 1) {
      throw new TypeError(`event recorder: cacheSize must be an integer >= 1, got ${String(cacheSize)}`);
    }
    this.#events = options.events;
    this.#component = options.component;
    this.#host = options.host ?? "";
    this.#cacheSize = cacheSize;
    this.#spam = options.spam ?? { burst: 25, refillMs: 300_000 };
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? pino({ level: "silent" })).child({ component: "event-recorder" });
  }

  /** Events dropped by the spam filter so far. */
  dropped(): number {
    return this.#dropped;
  }

  /** Records an event; resolves when it is written (or dropped, or failed and logged). Never rejects. */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string): Promise<void> {
    const ref = referenceOf(obj);
    if (ref.name === undefined) {
      this.#log.warn({ reason, message }, "event about an object without a name dropped");
      return Promise.resolve();
    }
    const objectKey = [ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion].join("\u0000");
    if (!this.#allow(objectKey)) {
      this.#dropped++;
      this.#log.debug({ object: `${ref.namespace}/${ref.name}`, reason }, "event dropped by the spam filter");
      return Promise.resolve();
    }
    const key = [this.#component, this.#host, objectKey, type, reason, message].join("\u0000");
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#write(key, ref, type, reason, message));
    this.#chains.set(key, next);
    void next.then(() => {
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
    return next;
  }

  #allow(objectKey: string): boolean {
    let bucket = this.#buckets.get(objectKey);
    if (bucket === undefined) {
      bucket = new TokenBucket({
        qps: 1000 / this.#spam.refillMs,
        burst: this.#spam.burst,
        clock: this.#clock,
      });
      this.#buckets.set(objectKey, bucket);
      if (this.#buckets.size > this.#cacheSize) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
    }
    return bucket.allow();
  }

  #remember(key: string, seen: Seen): void {
    this.#seen.delete(key);
    this.#seen.set(key, seen);
    if (this.#seen.size > this.#cacheSize) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  async #write(
    key: string,
    ref: ObjectReference,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const now = this.#clock.wallNow();
    const seconds = `${new Date(now).toISOString().slice(0, 19)}Z`;
    const seen = this.#seen.get(key);
    try {
      if (seen !== undefined) {
        try {
          await this.#events.patch(seen.namespace, seen.name, {
            count: seen.count + 1,
            lastTimestamp: seconds,
          });
          this.#remember(key, { ...seen, count: seen.count + 1 });
          return;
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
          // The Event expired (events have a TTL): start a new one.
        }
      }
      const namespace = ref.namespace || "default";
      // client-go names events `<object>.<unix nanoseconds in hex>`; a sequence number keeps same-millisecond names apart.
      const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.#seq++ % 1_000_000);
      const name = `${ref.name}.${nanos.toString(16)}`;
      const created = await this.#events.create({
        metadata: { name, namespace },
        involvedObject: ref,
        type,
        reason,
        message,
        count: 1,
        firstTimestamp: seconds,
        lastTimestamp: seconds,
        source: { component: this.#component, ...(this.#host === "" ? {} : { host: this.#host }) },
        reportingComponent: this.#component,
        reportingInstance: this.#host,
      });
      this.#remember(key, { name: created.metadata.name ?? name, namespace, count: 1 });
    } catch (err) {
      this.#log.warn({ err, object: `${ref.namespace}/${ref.name}`, reason }, "could not record event");
    }
  }
}
