import { NotFoundError } from "./errors.js";
import type { ResourceClient } from "./resource-client.js";
import type { Lease, LeaseSpec } from "./types.js";

/** client-go's `LeaderElectionRecord`, as kept in a coordination.k8s.io/v1 Lease spec. */
export interface LeaderElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** MicroTime (RFC 3339 with microseconds). */
  readonly acquireTime: string;
  readonly renewTime: string;
  readonly leaderTransitions: number;
}

/** Formats epoch milliseconds as a Kubernetes MicroTime: `2026-01-01T00:00:00.123000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function recordOf(lease: Lease): LeaderElectionRecord {
  const s = lease.spec ?? {};
  return {
    holderIdentity: s.holderIdentity ?? "",
    leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
    acquireTime: s.acquireTime ?? "",
    renewTime: s.renewTime ?? "",
    leaderTransitions: s.leaseTransitions ?? 0,
  };
}

function specOf(r: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: r.acquireTime,
    renewTime: r.renewTime,
    leaseTransitions: r.leaderTransitions,
  };
}

/** client-go's `resourcelock.LeaseLock`: get / create / update a Lease, optimistic on its resourceVersion. */
export class LeaseLock {
  readonly client: ResourceClient<Lease>;
  readonly namespace: string;
  readonly name: string;

  constructor(client: ResourceClient<Lease>, namespace: string, name: string) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** The Lease, or undefined when it does not exist. */
  async get(signal?: AbortSignal): Promise<Lease | undefined> {
    try {
      return await this.client.get(this.namespace, this.name, signal === undefined ? {} : { signal });
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<Lease> {
    return this.client.create(
      { metadata: { name: this.name, namespace: this.namespace }, spec: specOf(record) },
      signal === undefined ? {} : { signal },
    );
  }

  /** Replaces the record; fails with `ConflictError` if `current` is no longer the stored version. */
  update(current: Lease, record: LeaderElectionRecord, signal?: AbortSignal): Promise<Lease> {
    return this.client.update({ ...current, spec: specOf(record) }, signal === undefined ? {} : { signal });
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}
