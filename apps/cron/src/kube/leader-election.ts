import { CoordinationV1Api, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Clock } from "../clock.js";
import { apiErrorInfo } from "./status-error.js";

export interface LeaderElectionOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  /** This replica (POD_NAME). */
  readonly identity: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** client-go defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
  readonly leaseDurationMs?: number | undefined;
  readonly renewDeadlineMs?: number | undefined;
  readonly retryPeriodMs?: number | undefined;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void;
}

function micro(ms: number): Date {
  return new Date(ms);
}

/**
 * Leader election on a `coordination.k8s.io/v1` Lease, as client-go's `leaderelection`: acquire when the lease is
 * free or expired, renew every retry period, give up leadership when a renewal has not succeeded within the renew
 * deadline, and release the lease (holder cleared) on stop. Updates use the lease's resourceVersion, so two
 * replicas can never both win the same term.
 */
export class LeaderElector {
  readonly #o: LeaderElectionOptions;
  readonly #api: CoordinationV1Api;
  readonly #leaseMs: number;
  readonly #renewMs: number;
  readonly #retryMs: number;
  #leading = false;
  #lastRenew = 0;
  #timer: { cancel(): void } | undefined;
  #stopped = false;

  constructor(options: LeaderElectionOptions) {
    this.#o = options;
    this.#api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.#leaseMs = options.leaseDurationMs ?? 15_000;
    this.#renewMs = options.renewDeadlineMs ?? 10_000;
    this.#retryMs = options.retryPeriodMs ?? 2000;
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    void this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    if (!this.#leading) return;
    this.#leading = false;
    try {
      const lease = await this.#api.readNamespacedLease({ name: this.#o.name, namespace: this.#o.namespace });
      if (lease.spec?.holderIdentity === this.#o.identity) {
        lease.spec.holderIdentity = undefined as unknown as string;
        lease.spec.leaseDurationSeconds = 1;
        await this.#api.replaceNamespacedLease({
          name: this.#o.name,
          namespace: this.#o.namespace,
          body: lease,
        });
      }
    } catch (error) {
      this.#o.logger.warn({ err: error }, "could not release the lease");
    }
    this.#o.onStoppedLeading();
  }

  async #loop(): Promise<void> {
    if (this.#stopped) return;
    const now = this.#o.clock.now();
    let ok = false;
    try {
      ok = await this.#tryAcquireOrRenew(now);
    } catch (error) {
      this.#o.logger.warn({ err: apiErrorInfo(error).message }, "leader election request failed");
    }
    if (this.#stopped) return;
    if (ok) {
      this.#lastRenew = now;
      if (!this.#leading) {
        this.#leading = true;
        this.#o.logger.info({ identity: this.#o.identity, lease: this.#o.name }, "became leader");
        this.#o.onStartedLeading();
      }
    } else if (this.#leading && now - this.#lastRenew > this.#renewMs) {
      this.#leading = false;
      this.#o.logger.error({ identity: this.#o.identity }, "lost leadership (renew deadline passed)");
      this.#o.onStoppedLeading();
    }
    this.#timer = this.#o.clock.setTimer(() => void this.#loop(), this.#retryMs, { unref: true });
  }

  async #tryAcquireOrRenew(now: number): Promise<boolean> {
    const { name, namespace, identity } = this.#o;
    let lease: V1Lease;
    try {
      lease = await this.#api.readNamespacedLease({ name, namespace });
    } catch (error) {
      if (apiErrorInfo(error).code !== 404) throw error;
      await this.#api.createNamespacedLease({
        namespace,
        body: {
          metadata: { name, namespace },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds: Math.ceil(this.#leaseMs / 1000),
            acquireTime: micro(now),
            renewTime: micro(now),
            leaseTransitions: 0,
          },
        },
      });
      return true;
    }
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity;
    const renewed = spec.renewTime ? new Date(spec.renewTime).getTime() : 0;
    const duration = (spec.leaseDurationSeconds ?? 0) * 1000;
    if (holder && holder !== identity && renewed + duration > now) return false;
    const transition = holder !== identity;
    lease.spec = {
      ...spec,
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.#leaseMs / 1000),
      renewTime: micro(now),
      ...(transition ? { acquireTime: micro(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 } : {}),
    };
    try {
      await this.#api.replaceNamespacedLease({ name, namespace, body: lease });
      return true;
    } catch (error) {
      if (apiErrorInfo(error).code === 409) return false;
      throw error;
    }
  }
}
