import pino, { type Logger } from "pino";
import { type Clock, systemClock } from "./clock.js";
import type { HealthChecks } from "./health.js";

/** The parts of `process` the lifecycle uses (injectable for tests). */
export interface ProcessLike {
  on(event: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  off(event: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  exit(code: number): void;
}

export interface ShutdownContext {
  /** Aborts when the grace period is over: stop waiting. */
  readonly signal: AbortSignal;
  /** Milliseconds left of the grace period. */
  readonly remainingMs: number;
}

export type ShutdownStep = (ctx: ShutdownContext) => void | Promise<void>;

export interface LifecycleOptions {
  /** Everything must be done within this (default 25 s, under Kubernetes' default 30 s termination grace). */
  gracePeriodMs?: number;
  /** Marked not ready as soon as shutdown starts. */
  health?: HealthChecks;
  logger?: Logger;
  process?: ProcessLike;
  clock?: Clock;
}

/**
 * Process scaffolding: on SIGTERM or SIGINT (or `shutdown()`), marks the process not ready, aborts `signal` (pass
 * it to informers, leader election and workers), runs the registered steps in order within the grace period, then
 * exits (0 when every step finished, 1 otherwise). A second signal exits at once. Idempotent.
 */
export class Lifecycle {
  readonly gracePeriodMs: number;
  readonly #controller = new AbortController();
  readonly #steps: Array<{ name: string; step: ShutdownStep }> = [];
  readonly #health: HealthChecks | undefined;
  readonly #log: Logger;
  readonly #process: ProcessLike;
  readonly #clock: Clock;
  #shutdown: Promise<number> | undefined;
  #listeners: Array<() => void> = [];

  constructor(options: LifecycleOptions = {}) {
    const grace = options.gracePeriodMs ?? 25_000;
    if (typeof grace !== "number" || !(grace > 0) || !Number.isFinite(grace)) {
      throw new TypeError(`lifecycle: gracePeriodMs must be a positive number, got ${String(grace)}`);
    }
    this.gracePeriodMs = grace;
    this.#health = options.health;
    this.#log = (options.logger ?? pino({ level: "silent" })).child({ component: "lifecycle" });
    this.#process = options.process ?? process;
    this.#clock = options.clock ?? systemClock;
  }

  /** Aborted when shutdown begins. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  shuttingDown(): boolean {
    return this.#shutdown !== undefined;
  }

  /**
   * Adds a shutdown step; steps run one after another in the order added. The usual order: drain the work queues
   * (finish in-flight items), then release the leader lease (so the next leader never overlaps unfinished work),
   * then stop the informers and close servers.
   */
  onShutdown(name: string, step: ShutdownStep): this {
    this.#steps.push({ name, step });
    return this;
  }

  /** Listens for SIGTERM and SIGINT; returns a function that stops listening. */
  installSignalHandlers(): () => void {
    for (const sig of ["SIGTERM", "SIGINT"] as const) {
      const listener = (): void => {
        if (this.#shutdown !== undefined) {
          this.#log.warn({ signal: sig }, "second signal: exiting now");
          this.#process.exit(1);
          return;
        }
        void this.shutdown(sig).then((code) => this.#process.exit(code));
      };
      this.#process.on(sig, listener);
      this.#listeners.push(() => this.#process.off(sig, listener));
    }
    return () => {
      for (const off of this.#listeners.splice(0)) off();
    };
  }

  /** Runs the shutdown (once); resolves with the exit code. Does not exit by itself. */
  shutdown(reason = "shutdown requested"): Promise<number> {
    this.#shutdown ??= this.#run(reason);
    return this.#shutdown;
  }

  async #run(reason: string): Promise<number> {
    const started = this.#clock.now();
    this.#log.info({ reason, gracePeriodMs: this.gracePeriodMs }, "shutting down");
    this.#health?.setShuttingDown();
    this.#controller.abort(new Error(`shutting down: ${reason}`));
    const deadline = new AbortController();
    const timer = this.#clock.setTimer(
      () => deadline.abort(new Error("grace period over")),
      this.gracePeriodMs,
      {
        unref: true,
      },
    );
    let code = 0;
    try {
      for (const { name, step } of this.#steps) {
        if (deadline.signal.aborted) {
          this.#log.error({ step: name }, "grace period over; step skipped");
          code = 1;
          continue;
        }
        const t0 = this.#clock.now();
        try {
          await Promise.race([
            Promise.resolve().then(() =>
              step({
                signal: deadline.signal,
                remainingMs: this.gracePeriodMs - (this.#clock.now() - started),
              }),
            ),
            new Promise<never>((_, reject) => {
              if (deadline.signal.aborted) reject(deadline.signal.reason);
              deadline.signal.addEventListener("abort", () => reject(deadline.signal.reason), { once: true });
            }),
          ]);
          this.#log.info({ step: name, ms: Math.round(this.#clock.now() - t0) }, "shutdown step done");
        } catch (err) {
          code = 1;
          this.#log.error({ step: name, err }, "shutdown step failed");
        }
      }
    } finally {
      timer.cancel();
    }
    this.#log.info({ code, ms: Math.round(this.#clock.now() - started) }, "shutdown complete");
    return code;
  }
}
