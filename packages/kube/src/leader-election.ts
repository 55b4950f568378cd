import pino, { type Logger } from "pino";
import { type Clock, pause, systemClock } from "./clock.js";
import { ConflictError } from "./errors.js";
import { type LeaderElectionRecord, LeaseLock, microTime, recordOf } from "./lease-lock.js";
import type { ResourceClient } from "./resource-client.js";
import type { Lease } from "./types.js";

/** client-go's `JitterFactor`: the acquire loop waits retryPeriod x (1 + 1.2 x random). */
export const JITTER_FACTOR = 1.2;

export interface LeaderCallbacks {
  /** Leadership acquired; `signal` aborts when it is lost or given up. */
  onStartedLeading?(signal: AbortSignal): void;
  /** Leadership ended (lost, or released on shutdown). Called once per `onStartedLeading`. */
  onStoppedLeading?(): void;
  /** The observed holder changed (including to us). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionOptions {
  /** The Lease client (`kube.leases`). */
  leases: ResourceClient<Lease>;
  namespace: string;
  /** Lease name, e.g. `workflow-controller`. */
  name: string;
  /** Unique per candidate; conventionally the pod name (`POD_NAME`). */
  identity: string;
  /** How long non-leaders wait after the last observed change before taking over. Default 15 s. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a renewal before giving up leadership. Default 10 s. */
  renewDeadlineMs?: number;
  /** Wait between attempts. Default 2 s. */
  retryPeriodMs?: number;
  /** Release the lease (holder "") when `run`'s signal aborts, so another candidate takes over at once. Default true. */
  releaseOnCancel?: boolean;
  callbacks?: LeaderCallbacks;
  clock?: Clock;
  random?: () => number;
  logger?: Logger;
}

function duration(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new TypeError(
      `leader election: ${name} must be a positive number of milliseconds, got ${String(v)}`,
    );
  }
  return v;
}

/**
 * client-go's `tools/leaderelection` on a Lease: candidates poll the lease every `retryPeriod` (with jitter); one
 * whose observed record has not changed for `leaseDuration` takes it over (incrementing `leaseTransitions`); the
 * leader renews every `retryPeriod` and steps down if it cannot renew within `renewDeadline`. Expiry is judged on
 * the local clock from when a change was observed, never from the timestamps in the lease, so clock skew between
 * candidates does not matter.
 */
export class LeaderElector {
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly #lock: LeaseLock;
  readonly #releaseOnCancel: boolean;
  readonly #callbacks: LeaderCallbacks;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Logger;
  #observed: LeaderElectionRecord | undefined;
  #observedRaw = "";
  #observedLease: Lease | undefined;
  #observedTime = 0;
  #leading = false;
  #reportedLeader = "";
  #running = false;

  constructor(options: LeaderElectionOptions) {
    if (typeof options.identity !== "string" || options.identity === "") {
      throw new TypeError("leader election: identity must be a non-empty string");
    }
    if (typeof options.name !== "string" || options.name === "") {
      throw new TypeError("leader election: name (the Lease name) must be a non-empty string");
    }
    if (typeof options.namespace !== "string" || options.namespace === "") {
      throw new TypeError("leader election: namespace must be a non-empty string");
    }
    this.leaseDurationMs = duration("leaseDurationMs", options.leaseDurationMs, 15_000);
    this.renewDeadlineMs = duration("renewDeadlineMs", options.renewDeadlineMs, 10_000);
    this.retryPeriodMs = duration("retryPeriodMs", options.retryPeriodMs, 2_000);
    if (this.leaseDurationMs <= this.renewDeadlineMs) {
      throw new TypeError(
        `leader election: leaseDurationMs (${this.leaseDurationMs}) must be greater than renewDeadlineMs (${this.renewDeadlineMs})`,
      );
    }
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryPeriodMs) {
      throw new TypeError(
        `leader election: renewDeadlineMs (${this.renewDeadlineMs}) must be greater than ${JITTER_FACTOR} x retryPeriodMs (${this.retryPeriodMs})`,
      );
    }
    if (this.leaseDurationMs % 1000 !== 0) {
      throw new TypeError(
        `leader election: leaseDurationMs must be whole seconds (the Lease stores seconds), got ${this.leaseDurationMs}`,
      );
    }
    this.identity = options.identity;
    this.#lock = new LeaseLock(options.leases, options.namespace, options.name);
    this.#releaseOnCancel = options.releaseOnCancel ?? true;
    this.#callbacks = options.callbacks ?? {};
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = (options.logger ?? pino({ level: "silent" })).child({
      lease: this.#lock.describe(),
      identity: this.identity,
    });
  }

  /** True while this candidate holds the lease and keeps renewing it (the `is_leader` gauge). */
  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder last observed ("" when none). */
  getLeader(): string {
    return this.#observed?.holderIdentity ?? "";
  }

  /**
   * client-go's healthz adaptor: an error when this process believes it leads but its last successful renewal is
   * older than leaseDuration + `maxTolerableExpiredLeaseMs` (a stuck leader must be restarted).
   */
  check(maxTolerableExpiredLeaseMs = 0): Error | undefined {
    if (!this.#leading) return undefined;
    const since = this.#clock.now() - this.#observedTime;
    if (since > this.leaseDurationMs + maxTolerableExpiredLeaseMs) {
      return new Error(
        `failed election to renew leadership on lease ${this.#lock.describe()} (${Math.round(since)} ms since renewal)`,
      );
    }
    return undefined;
  }

  /**
   * Campaigns until elected, then leads until the lease is lost or `signal` aborts (then releases it if
   * `releaseOnCancel`). Resolves when this term is over; call again to stand for election again.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new Error("leader election: run() is already running");
    this.#running = true;
    try {
      if (!(await this.#acquire(signal))) return;
      const term = new AbortController();
      this.#leading = true;
      this.#log.info("became leader");
      this.#safe(() => this.#callbacks.onStartedLeading?.(term.signal));
      try {
        await this.#renew(signal);
      } finally {
        this.#leading = false;
        term.abort(new Error("leadership ended"));
        if (signal.aborted && this.#releaseOnCancel) await this.#release();
        this.#log.info("stopped leading");
        this.#safe(() => this.#callbacks.onStoppedLeading?.());
      }
    } finally {
      this.#running = false;
    }
  }

  #safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ err }, "leader election callback threw");
    }
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    this.#log.info("attempting to acquire leader lease");
    while (!signal.aborted) {
      if (await this.#tryAcquireOrRenew(signal)) return true;
      await pause(this.#clock, this.retryPeriodMs * (1 + JITTER_FACTOR * this.#random()), signal);
    }
    return false;
  }

  async #renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = this.#clock.now() + this.renewDeadlineMs;
      const attempt = new AbortController();
      const onAbort = (): void => attempt.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      const timer = this.#clock.setTimer(
        () => attempt.abort(new Error("renew deadline exceeded")),
        this.renewDeadlineMs,
        {
          unref: true,
        },
      );
      let renewed = false;
      try {
        while (!attempt.signal.aborted) {
          if (await this.#tryAcquireOrRenew(attempt.signal)) {
            renewed = true;
            break;
          }
          if (this.#clock.now() + this.retryPeriodMs > deadline) break;
          await pause(this.#clock, this.retryPeriodMs, attempt.signal);
        }
      } finally {
        timer.cancel();
        signal.removeEventListener("abort", onAbort);
      }
      if (signal.aborted) return;
      if (!renewed) {
        this.#log.warn(
          { renewDeadlineMs: this.renewDeadlineMs },
          "failed to renew lease within the renew deadline",
        );
        return;
      }
      await pause(this.#clock, this.retryPeriodMs, signal);
    }
  }

  #leaseValid(): boolean {
    const seconds = this.#observed?.leaseDurationSeconds ?? 0;
    return this.#observedTime + seconds * 1000 > this.#clock.now();
  }

  #observe(lease: Lease, record: LeaderElectionRecord): void {
    this.#observedLease = lease;
    this.#observed = record;
    this.#observedRaw = JSON.stringify(record);
    this.#observedTime = this.#clock.now();
    if (record.holderIdentity !== this.#reportedLeader) {
      this.#reportedLeader = record.holderIdentity;
      if (record.holderIdentity !== "") {
        this.#log.info({ leader: record.holderIdentity }, "new leader observed");
        this.#safe(() => this.#callbacks.onNewLeader?.(record.holderIdentity));
      }
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = microTime(this.#clock.wallNow());
    const fresh: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationMs / 1000,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: 0,
    };
    const ours = this.#observed?.holderIdentity === this.identity;
    // Fast path: we hold a valid lease, renew with the version we last wrote.
    if (ours && this.#leaseValid() && this.#observedLease !== undefined && this.#observed !== undefined) {
      const record = {
        ...fresh,
        acquireTime: this.#observed.acquireTime,
        leaderTransitions: this.#observed.leaderTransitions,
      };
      try {
        this.#observe(await this.#lock.update(this.#observedLease, record, signal), record);
        return true;
      } catch (err) {
        this.#log.debug({ err }, "lease renewal by update failed; re-reading");
      }
    }
    let current: Lease | undefined;
    try {
      current = await this.#lock.get(signal);
    } catch (err) {
      this.#log.info({ err }, "error retrieving lease");
      return false;
    }
    if (current === undefined) {
      try {
        this.#observe(await this.#lock.create(fresh, signal), fresh);
        return true;
      } catch (err) {
        this.#log.info({ err }, "error creating lease");
        return false;
      }
    }
    const old = recordOf(current);
    if (JSON.stringify(old) !== this.#observedRaw) this.#observe(current, old);
    else this.#observedLease = current;
    const leader = old.holderIdentity === this.identity;
    if (old.holderIdentity !== "" && this.#leaseValid() && !leader) {
      this.#log.debug(
        { holder: old.holderIdentity },
        "lease is held by another candidate and has not yet expired",
      );
      return false;
    }
    const record: LeaderElectionRecord = leader
      ? { ...fresh, acquireTime: old.acquireTime, leaderTransitions: old.leaderTransitions }
      : { ...fresh, leaderTransitions: old.leaderTransitions + 1 };
    try {
      this.#observe(await this.#lock.update(current, record, signal), record);
      return true;
    } catch (err) {
      this.#log.info({ err }, "failed to update lease");
      return false;
    }
  }

  async #release(): Promise<void> {
    if (this.#observed?.holderIdentity !== this.identity || this.#observedLease === undefined) return;
    const now = microTime(this.#clock.wallNow());
    const record: LeaderElectionRecord = {
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: this.#observed.leaderTransitions,
    };
    const signal = AbortSignal.timeout(this.renewDeadlineMs);
    try {
      let lease = this.#observedLease;
      try {
        lease = await this.#lock.update(lease, record, signal);
      } catch (err) {
        // A renewal cut short by the shutdown may have landed after all: release the version that is stored.
        if (!(err instanceof ConflictError)) throw err;
        const current = await this.#lock.get(signal);
        if (current === undefined || recordOf(current).holderIdentity !== this.identity) return;
        lease = await this.#lock.update(current, record, signal);
      }
      this.#observe(lease, record);
      this.#log.info("released leader lease");
    } catch (err) {
      this.#log.warn({ err }, "failed to release leader lease");
    }
  }
}
