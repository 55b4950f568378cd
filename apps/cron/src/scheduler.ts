import { ANNOTATIONS, LABELS, scheduleWithTimezoneString } from "@weft/contracts";
import {
  enqueueHandler,
  Informer,
  type Clock as IoClock,
  isNotFound,
  type KubeObject,
  objectKey,
  type ResourceClient,
} from "@weft/kube";
import { presets, type RetryOptions } from "@weft/retry";
import { RateLimitingQueue, runWorkers, type WorkerPool } from "@weft/workqueue";
import pino, { type Logger } from "pino";
import { buildWorkflow, rfc3339, workflowName } from "./build-workflow.js";
import { type Clock, systemClock } from "./clock.js";
import { decideConcurrency } from "./concurrency.js";
import { removeCondition, setCondition } from "./conditions.js";
import { createWorkflowWithRetry } from "./create-workflow.js";
import { type CronState, canonicalStatus, type ManagedMetadata } from "./cron-state.js";
import { errorMessage } from "./error-message.js";
import { isFulfilled, selectHistoryDeletions } from "./history.js";
import type { CronApi } from "./kube/cron-api.js";
import {
  ANNOTATION_PENDING_TICKS,
  CONDITION_SPEC_ERROR,
  CONDITION_SUBMISSION_ERROR,
  CONDITION_TRANSIENT_SUBMISSION_ERROR,
} from "./labels.js";
import { missedRun } from "./missed-run.js";
import { formatPendingTicks, parsePendingTicks, splitPendingTicks } from "./pending-ticks.js";
import { parseSchedule } from "./schedule.js";
import { noMetrics, type SchedulerMetrics } from "./scheduler-metrics.js";
import { evaluateStopStrategy } from "./stop-strategy.js";
import { TimerHeap } from "./timer-heap.js";
import type { CronCondition, CronWorkflow, ObjectReference, Workflow } from "./types.js";
import { schedulesOf, validateCronWorkflow } from "./validate.js";
import { evaluateWhen } from "./when.js";

export interface SchedulerOptions {
  readonly api: CronApi;
  /** Schedule time: ticks, deadlines, retry backoff, the work queue and the sync period. */
  readonly clock?: Clock | undefined;
  /** Time for I/O housekeeping (informer backoff and liveness). Default: the system clock. */
  readonly ioClock?: IoClock | undefined;
  readonly logger?: Logger | undefined;
  readonly metrics?: SchedulerMetrics | undefined;
  /** Concurrent reconciles (Argo `--cron-workflow-workers`, default 8). */
  readonly workers?: number | undefined;
  /** Argo `CRON_SYNC_PERIOD`: every CronWorkflow is reconciled this often (default 10 000 ms). */
  readonly syncPeriodMs?: number | undefined;
  /** Creation backoff (default `presets.cronCreate`). */
  readonly retry?: RetryOptions | undefined;
  /** Cut one create request after this long (default 10 000 ms). */
  readonly attemptTimeoutMs?: number | undefined;
  /** A tick stops retrying this long after its scheduled time, or at `startingDeadlineSeconds` if sooner (default 60 000 ms). */
  readonly tickDeadlineMs?: number | undefined;
  /** Lost ticks are retried this often while their deadline allows (default 5000 ms). */
  readonly catchUpIntervalMs?: number | undefined;
  /** Only CronWorkflows (and Workflows) with this instance id label; undefined = those without the label. */
  readonly instanceId?: string | undefined;
  /** Zone of CronWorkflows without `spec.timezone` (default: the machine's local zone, as Argo). */
  readonly defaultTimezone?: string | undefined;
  readonly random?: (() => number) | undefined;
  /** First delay after a failed LIST or a broken watch (doubles, with jitter, up to 30 s; default 1000 ms). */
  readonly relistDelayMs?: number | undefined;
}

const ACTIVE_WAIT_MS = 5 * 60_000;
const MAX_SLOTS_PER_RECONCILE = 100;

function parseMs(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The index of Workflows by the uid of the CronWorkflow that controls them. */
const CRON_OWNER_INDEX = "cronOwner";

function ownerUid(wf: Workflow): string | undefined {
  const ref = wf.metadata.ownerReferences?.find((r) => r.controller === true && r.kind === "CronWorkflow");
  return ref?.uid;
}

function isCompleted(cron: CronWorkflow): boolean {
  return cron.metadata.labels?.[LABELS.cronWorkflowCompleted] === "true";
}

/** The `@weft/kube` client typed with the scheduler's own object shapes (the wire format is the same). */
function typed<T extends KubeObject>(client: ResourceClient<KubeObject>): ResourceClient<T> {
  return client as unknown as ResourceClient<T>;
}

function conditionsOf(state: CronState): CronCondition[] {
  if (state.status.conditions == null) state.status.conditions = [];
  return state.status.conditions;
}

function activeOf(state: CronState): ObjectReference[] {
  if (state.status.active == null) state.status.active = [];
  return state.status.active;
}

function managedOf(cron: CronWorkflow): ManagedMetadata {
  return {
    completedLabel: cron.metadata.labels?.[LABELS.cronWorkflowCompleted] ?? null,
    lastUsedSchedule: cron.metadata.annotations?.[ANNOTATIONS.lastUsedSchedule] ?? null,
    pendingTicks: cron.metadata.annotations?.[ANNOTATION_PENDING_TICKS] ?? null,
  };
}

/**
 * The CronWorkflow scheduler: informers on CronWorkflows and their Workflows, one timer heap for every schedule,
 * a rate-limited work queue with workers, creation with retries, status, history limits and catch-up.
 */
export class CronScheduler {
  readonly #api: CronApi;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #metrics: SchedulerMetrics;
  readonly #workers: number;
  readonly #syncPeriodMs: number;
  readonly #retry: RetryOptions;
  readonly #attemptTimeoutMs: number;
  readonly #tickDeadlineMs: number;
  readonly #catchUpIntervalMs: number;
  readonly #instanceId: string | undefined;
  readonly #defaultTimezone: string | undefined;
  readonly #random: (() => number) | undefined;
  readonly #crons: Informer<CronWorkflow & KubeObject>;
  readonly #workflows: Informer<Workflow & KubeObject>;
  readonly #states = new Map<string, CronState>();
  readonly #queue: RateLimitingQueue<string>;
  readonly #heap: TimerHeap;
  readonly #abort = new AbortController();
  #pool: WorkerPool | undefined;
  #syncTimer: { cancel(): void } | undefined;
  #inFlight = 0;
  /** Informers whose (re-)list is in flight: requests too, for {@link settled}. */
  #listing = 0;
  #sleeping = 0;
  #running = false;

  constructor(options: SchedulerOptions) {
    this.#api = options.api;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? pino({ level: "silent" });
    this.#metrics = options.metrics ?? noMetrics;
    this.#workers = options.workers ?? 8;
    this.#syncPeriodMs = options.syncPeriodMs ?? 10_000;
    this.#retry = options.retry ?? presets.cronCreate;
    this.#attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.#tickDeadlineMs = options.tickDeadlineMs ?? 60_000;
    this.#catchUpIntervalMs = options.catchUpIntervalMs ?? 5000;
    this.#instanceId = options.instanceId;
    this.#defaultTimezone = options.defaultTimezone;
    this.#random = options.random;
    const instanceSelector =
      this.#instanceId === undefined
        ? `!${LABELS.controllerInstanceId}`
        : `${LABELS.controllerInstanceId}=${this.#instanceId}`;
    this.#queue = new RateLimitingQueue<string>({
      name: "cron_wf_queue",
      clock: this.#clock,
      ...(this.#metrics.queueMetrics === undefined ? {} : { metrics: this.#metrics.queueMetrics }),
    });
    const common = {
      backoff: { initialMs: options.relistDelayMs ?? 1000 },
      onState: (): void => {
        this.#listing = [this.#crons, this.#workflows].filter((i) => i?.state().phase === "listing").length;
      },
      logger: this.#log,
      ...(options.api.namespace === undefined ? {} : { namespace: options.api.namespace }),
      ...(options.ioClock === undefined ? {} : { clock: options.ioClock }),
    };
    this.#crons = new Informer(typed<CronWorkflow & KubeObject>(options.api.kube.cronWorkflows), {
      ...common,
      name: "cronworkflows",
      labelSelector: instanceSelector,
    });
    // Completed CronWorkflows are treated as absent (Argo's FilterFunc): see #cron.
    this.#crons.addEventHandler(enqueueHandler(this.#queue));
    this.#workflows = new Informer(typed<Workflow & KubeObject>(options.api.kube.workflows), {
      ...common,
      name: "workflows",
      labelSelector: `${LABELS.cronWorkflow},${instanceSelector}`,
      indexers: {
        [CRON_OWNER_INDEX]: (wf) => {
          const uid = ownerUid(wf);
          return uid === undefined ? [] : [uid];
        },
      },
    });
    this.#workflows.addEventHandler({
      onAdd: (wf) => this.#onWorkflow(wf),
      onUpdate: (_old, wf) => this.#onWorkflow(wf),
      onDelete: (wf) => this.#onWorkflow(wf),
    });
    this.#heap = new TimerHeap(this.#clock, (key, due) => {
      this.#metrics.wakeLateness?.((this.#clock.now() - due) / 1000);
      this.#queue.add(key);
    });
  }

  /** Starts the informers, waits for their first list, then starts the workers and the sync period. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#crons.start();
    this.#workflows.start();
    await Promise.all([this.#crons.waitForSync(), this.#workflows.waitForSync()]);
    if (this.#abort.signal.aborted) return;
    this.#pool = runWorkers(this.#queue, {
      concurrency: this.#workers,
      signal: this.#abort.signal,
      handler: (key) => this.#reconcile(key),
      onError: (error, key, retries) =>
        this.#log.warn({ cron: key, retries, err: error }, "reconcile failed"),
    });
    this.#armSync();
    this.#log.info({ crons: this.#cronList().length }, "cron scheduler started");
  }

  /** True once both informers have listed. */
  get synced(): boolean {
    return this.#crons.hasSynced() && this.#workflows.hasSynced();
  }

  /**
   * True when nothing is happening in real time: no API request in flight, every busy worker waits on the
   * schedule clock (a retry backoff), and nothing is queued unless every worker is busy. Tests on a fake clock advance it only when settled.
   */
  settled(): boolean {
    const busy = this.#pool?.busy() ?? 0;
    const queueBlocked = this.#queue.len() === 0 || busy === this.#workers;
    return this.#inFlight === 0 && this.#listing === 0 && queueBlocked && busy === this.#sleeping;
  }

  /** Workers waiting on the schedule clock (retry backoff). */
  get sleepingWorkers(): number {
    return this.#sleeping;
  }

  /** Counters behind {@link settled}, for diagnostics. */
  debugState(): string {
    return `inFlight=${this.#inFlight} listing=${this.#listing} queued=${this.#queue.len()} busy=${this.#pool?.busy() ?? 0} sleeping=${this.#sleeping}`;
  }

  /** The CronWorkflow keys with a scheduled wake-up (one heap entry each). */
  get scheduledCount(): number {
    return this.#heap.size;
  }

  /** Stops everything: informers, timers, workers (in-flight reconciles see their signal aborted). */
  async stop(): Promise<void> {
    this.#abort.abort(new Error("scheduler stopped"));
    const informers = Promise.all([this.#crons.stop(), this.#workflows.stop()]);
    this.#heap.stop();
    this.#syncTimer?.cancel();
    this.#queue.shutDown();
    await this.#pool?.stopped;
    await informers;
    this.#running = false;
  }

  async #io<T>(call: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await call();
    } finally {
      this.#inFlight--;
    }
  }

  #armSync(): void {
    this.#syncTimer = this.#clock.setTimer(
      () => {
        if (this.#abort.signal.aborted) return;
        for (const cron of this.#cronList()) this.#queue.add(objectKey(cron));
        this.#armSync();
      },
      this.#syncPeriodMs,
      { unref: true },
    );
  }

  /** The cached CronWorkflow `namespace/name`, unless it is completed (then it is none of the scheduler's business). */
  #cron(key: string): CronWorkflow | undefined {
    const cron = this.#crons.store.get(key);
    return cron === undefined || isCompleted(cron) ? undefined : cron;
  }

  #cronList(): Array<CronWorkflow & KubeObject> {
    return this.#crons.store.list().filter((cron) => !isCompleted(cron));
  }

  /** A Workflow changed: its owner reconciles (the children come from the owner index). */
  #onWorkflow(wf: Workflow): void {
    const uid = ownerUid(wf);
    if (uid === undefined) return;
    const owner = wf.metadata.ownerReferences?.find((r) => r.uid === uid);
    if (owner !== undefined) this.#queue.add(`${wf.metadata.namespace ?? ""}/${owner.name}`);
  }

  #stateFor(key: string, cron: CronWorkflow): CronState {
    let state = this.#states.get(key);
    if (state !== undefined && state.uid === (cron.metadata.uid ?? "")) return state;
    const status = structuredClone(cron.status ?? {});
    const metadata = managedOf(cron);
    state = {
      uid: cron.metadata.uid ?? "",
      scheduleKey: "",
      schedules: [],
      cursors: [],
      status,
      metadata,
      persistedStatus: canonicalStatus(status),
      persistedMetadata: { ...metadata },
      pending: new Set(parsePendingTicks(metadata.pendingTicks ?? undefined)),
      awaiting: new Map(),
      deleting: new Set(),
      reported: new Set(),
      specError: undefined,
      validatedSpec: undefined,
      validation: undefined,
    };
    this.#states.set(key, state);
    return state;
  }

  /** The CronWorkflow as the scheduler sees it: spec and metadata from the informer, status from memory. */
  #view(cron: CronWorkflow, state: CronState): CronWorkflow {
    return { ...cron, status: state.status };
  }

  async #reconcile(key: string): Promise<undefined> {
    const cron = this.#cron(key);
    if (cron === undefined) {
      this.#states.delete(key);
      this.#heap.cancel(key);
      return undefined;
    }
    const state = this.#stateFor(key, cron);
    const now = this.#clock.now();
    const log = this.#log.child({ cron: key });
    await this.#syncChildren(cron, state, log);

    // Validation parses every schedule: cache it per spec (reconciles are frequent, specs rarely change).
    const specText = JSON.stringify([cron.metadata.name, cron.spec]);
    if (state.validatedSpec !== specText) {
      state.validatedSpec = specText;
      state.validation = validateCronWorkflow(cron);
    }
    const specError = state.validation;
    const conditions = conditionsOf(state);
    if (specError !== undefined) {
      if (setCondition(conditions, CONDITION_SPEC_ERROR, specError) || state.specError !== specError) {
        this.#metrics.error("CronWorkflowSpecError");
        log.warn({ error: specError }, "CronWorkflow spec error; not scheduled");
      }
      state.specError = specError;
      this.#heap.cancel(key);
      state.scheduleKey = "";
      await this.#persist(cron, state, log);
      return undefined;
    }
    state.specError = undefined;
    removeCondition(conditions, CONDITION_SPEC_ERROR);

    const zone = cron.spec.timezone || this.#defaultTimezone;
    const texts = schedulesOf(cron);
    const currentKey = scheduleWithTimezoneString(texts, cron.spec.timezone);
    if (state.scheduleKey !== currentKey) {
      const firstSight = state.scheduleKey === "";
      state.schedules = texts.map((t) => {
        const parsed = parseSchedule(t, zone);
        if (!parsed.ok) throw new Error(`schedule ${t} failed to parse after validation: ${parsed.error}`);
        return parsed.schedule;
      });
      state.cursors = state.schedules.map(() => now);
      const changed = state.metadata.lastUsedSchedule !== currentKey;
      state.scheduleKey = currentKey;
      if (changed) {
        // A new schedule never catches up (Argo #7353); ticks lost under the old one are dropped too.
        state.metadata.lastUsedSchedule = currentKey;
        state.pending.clear();
      } else if (firstSight) {
        const missed = missedRun({
          schedules: state.schedules,
          lastScheduledMs: parseMs(state.status.lastScheduledTime),
          startingDeadlineSeconds: cron.spec.startingDeadlineSeconds,
          scheduleChanged: false,
          nowMs: now,
        });
        if (missed !== undefined && !state.pending.has(missed)) {
          log.info({ tick: rfc3339(missed) }, "running missed schedule within startingDeadlineSeconds");
          state.pending.add(missed);
        }
      }
    }

    // Live slots since the cursors, deduplicated across schedules (one Workflow per scheduled time).
    const due = new Set<number>();
    state.schedules.forEach((schedule, i) => {
      const slots: number[] = [];
      let cursor = state.cursors[i] ?? now;
      for (let t = schedule.next(cursor); t !== undefined && t <= now; t = schedule.next(t)) {
        slots.push(t);
        cursor = t;
        if (slots.length > MAX_SLOTS_PER_RECONCILE) slots.shift();
      }
      state.cursors[i] = cursor;
      for (const t of slots) due.add(t);
    });
    const { due: catchUp, expired } = splitPendingTicks(
      state.pending,
      now,
      cron.spec.startingDeadlineSeconds,
    );
    for (const t of expired) {
      state.pending.delete(t);
      this.#metrics.tick("lost");
      log.error(
        { tick: rfc3339(t) },
        "tick lost: its creation kept failing until past startingDeadlineSeconds",
      );
    }
    const ticks = [...new Set([...catchUp, ...due])].sort((a, b) => a - b);
    for (const t of ticks) {
      if (this.#abort.signal.aborted) break;
      await this.#runTick(cron, state, t, state.pending.has(t), log);
    }
    if (state.pending.size === 0) removeCondition(conditions, CONDITION_TRANSIENT_SUBMISSION_ERROR);
    state.metadata.pendingTicks = state.pending.size === 0 ? null : formatPendingTicks(state.pending);
    this.#scheduleNext(key, state, now);
    await this.#persist(cron, state, log);
    return undefined;
  }

  #scheduleNext(key: string, state: CronState, now: number): void {
    let next: number | undefined;
    state.schedules.forEach((schedule, i) => {
      const t = schedule.next(state.cursors[i] ?? now);
      if (t !== undefined && (next === undefined || t < next)) next = t;
    });
    if (state.pending.size > 0) {
      const retryAt = this.#clock.now() + this.#catchUpIntervalMs;
      if (next === undefined || retryAt < next) next = retryAt;
    }
    if (next === undefined) this.#heap.cancel(key);
    else this.#heap.schedule(key, next);
  }

  async #runTick(
    cron: CronWorkflow,
    state: CronState,
    scheduled: number,
    catchUp: boolean,
    parent: Logger,
  ): Promise<void> {
    const name = cron.metadata.name ?? "";
    const namespace = cron.metadata.namespace ?? "";
    const log = parent.child({ tick: rfc3339(scheduled) });
    const conditions = conditionsOf(state);
    const view = this.#view(cron, state);
    const now = this.#clock.now();

    if (this.#checkStop(view, state, log)) return;
    if (cron.spec.suspend === true) {
      log.info("CronWorkflow suspended, skipping execution");
      state.pending.delete(scheduled);
      this.#metrics.tick("skipped");
      return;
    }
    if (state.status.phase === "Stopped") {
      state.pending.delete(scheduled);
      this.#metrics.tick("skipped");
      return;
    }
    const when = evaluateWhen(view, now);
    if (!when.ok) {
      this.#submissionError(state, scheduled, `run policy error: ${when.error}`, log);
      return;
    }
    if (!when.value) {
      log.info({ when: cron.spec.when }, "when expression is false, skipping execution");
      state.pending.delete(scheduled);
      this.#metrics.tick("skipped");
      return;
    }
    const active = state.status.active ?? [];
    const decision = decideConcurrency(cron.spec.concurrencyPolicy, active.length);
    if (decision.action === "error") {
      this.#submissionError(state, scheduled, `run policy error: ${decision.message}`, log);
      return;
    }
    if (decision.action === "skip") {
      this.#metrics.concurrencyPolicyTriggered(name, namespace, "Forbid");
      this.#metrics.tick("forbidden");
      state.pending.delete(scheduled);
      log.info(
        { active: active.length },
        "concurrencyPolicy Forbid: an earlier run is still active, skipping",
      );
      return;
    }
    if (decision.action === "replace") {
      this.#metrics.concurrencyPolicyTriggered(name, namespace, "Replace");
      for (const ref of active) {
        try {
          await this.#io(() => this.#api.terminateWorkflow(ref.namespace ?? namespace, ref.name ?? ""));
          log.info({ workflow: ref.name }, "concurrencyPolicy Replace: terminated the active run");
        } catch (error) {
          if (isNotFound(error)) continue;
          const message = `run policy error: error stopping workflow ${ref.name ?? ""}: ${errorMessage(error)}`;
          this.#submissionError(state, scheduled, message, log);
          return;
        }
      }
    }

    this.#metrics.triggered(name, namespace);
    this.#metrics.lateness(Math.max(0, now - scheduled) / 1000);
    const workflow = buildWorkflow(cron, scheduled);
    const wfName = workflowName(name, scheduled);
    const sds = cron.spec.startingDeadlineSeconds;
    const deadline = Math.max(
      now + (this.#retry.baseDelayMs ?? 100),
      Math.min(
        scheduled + this.#tickDeadlineMs,
        sds === undefined ? Number.POSITIVE_INFINITY : scheduled + sds * 1000,
      ),
    );
    const hooks = this.#metrics.retryHooks;
    const outcome = await createWorkflowWithRetry(workflow, {
      create: (wf, signal) => this.#io(() => this.#api.createWorkflow(namespace, wf, signal)),
      clock: this.#sleepTracking(),
      retry: this.#retry,
      deadlineMs: deadline,
      attemptTimeoutMs: this.#attemptTimeoutMs,
      signal: this.#abort.signal,
      hooks: {
        ...hooks,
        onRetry: (e) => {
          hooks?.onRetry?.(e);
          log.info(
            { attempt: e.attempt, delayMs: e.delayMs, reason: e.verdict.reason },
            "Transient error creating Workflow; retrying",
          );
        },
      },
      ...(this.#random === undefined ? {} : { random: this.#random }),
    }).catch((error: unknown) => {
      if (this.#abort.signal.aborted) return undefined;
      throw error;
    });
    if (outcome === undefined) {
      // Stopped mid-create: keep the tick as pending, so the next leader catches it up within the deadline
      // (this reconcile still persists the pending-ticks annotation on its way out).
      if (sds !== undefined) state.pending.add(scheduled);
      log.info({ workflow: wfName }, "stopped while creating; the tick is left to the next leader");
      return;
    }
    switch (outcome.kind) {
      case "created": {
        const created = outcome.workflow;
        state.awaiting.set(wfName, this.#clock.now());
        this.#addActive(state, created, namespace);
        this.#markScheduled(state, scheduled);
        state.pending.delete(scheduled);
        removeCondition(conditions, CONDITION_SUBMISSION_ERROR);
        this.#metrics.tick(catchUp ? "caught_up" : "created");
        log.info({ workflow: wfName, attempt: outcome.attempts, catchUp }, "created Workflow");
        return;
      }
      case "exists": {
        state.pending.delete(scheduled);
        this.#markScheduled(state, scheduled);
        this.#metrics.tick("exists");
        await this.#adopt(state, namespace, wfName, log);
        log.info({ workflow: wfName, attempt: outcome.attempts }, "Workflow for this tick already exists");
        return;
      }
      case "permanent":
        this.#submissionError(state, scheduled, `Failed to submit Workflow: ${outcome.message}`, log);
        return;
      case "transient": {
        if (sds !== undefined && this.#clock.now() < scheduled + sds * 1000) {
          const first = !state.pending.has(scheduled);
          state.pending.add(scheduled);
          setCondition(
            conditions,
            CONDITION_TRANSIENT_SUBMISSION_ERROR,
            `Failed to submit Workflow ${wfName} after ${outcome.attempts} attempts: ${outcome.message}; retrying until ${rfc3339(scheduled + sds * 1000)}`,
          );
          if (first) this.#metrics.tick("pending");
          log.warn(
            { workflow: wfName, attempt: outcome.attempts, error: outcome.message },
            "creation still failing after retries; will catch up within startingDeadlineSeconds",
          );
          return;
        }
        this.#submissionError(state, scheduled, `Failed to submit Workflow: ${outcome.message}`, log);
        return;
      }
    }
  }

  /** A retry clock that counts sleepers, so {@link settled} knows a busy worker is only waiting on time. */
  #sleepTracking(): Clock {
    const clock = this.#clock;
    return {
      now: () => clock.now(),
      setTimer: (callback, delayMs, options) => {
        this.#sleeping++;
        let done = false;
        const finish = (): void => {
          if (!done) {
            done = true;
            this.#sleeping--;
          }
        };
        const timer = clock.setTimer(
          () => {
            finish();
            callback();
          },
          delayMs,
          options,
        );
        return {
          cancel: () => {
            finish();
            timer.cancel();
          },
        };
      },
    };
  }

  #markScheduled(state: CronState, scheduled: number): void {
    const last = parseMs(state.status.lastScheduledTime);
    if (last === undefined || scheduled > last) state.status.lastScheduledTime = rfc3339(scheduled);
  }

  #addActive(state: CronState, wf: Workflow, namespace: string): void {
    const active = activeOf(state);
    if (active.some((r) => r.name === wf.metadata.name)) return;
    const ref: ObjectReference = {
      kind: "Workflow",
      apiVersion: wf.apiVersion ?? "argoproj.io/v1alpha1",
      name: wf.metadata.name,
      namespace: wf.metadata.namespace ?? namespace,
      uid: wf.metadata.uid,
      resourceVersion: wf.metadata.resourceVersion,
    };
    active.push(ref);
    state.status.phase = "Active";
  }

  /** `AlreadyExists`: if the Workflow is ours and still running, it is active (CronJob v2 does the same). */
  async #adopt(state: CronState, namespace: string, name: string, log: Logger): Promise<void> {
    let wf: Workflow | undefined = this.#workflows.get(namespace, name);
    if (wf === undefined) {
      try {
        wf = await this.#io(() => this.#api.getWorkflow(namespace, name));
      } catch (error) {
        log.warn({ workflow: name, err: error }, "could not read the existing Workflow");
        return;
      }
    }
    if (ownerUid(wf) !== state.uid || isFulfilled(wf)) return;
    this.#addActive(state, wf, namespace);
  }

  #submissionError(state: CronState, scheduled: number, message: string, log: Logger): void {
    const conditions = conditionsOf(state);
    setCondition(conditions, CONDITION_SUBMISSION_ERROR, message);
    state.status.failed = (state.status.failed ?? 0) + 1;
    state.pending.delete(scheduled);
    this.#metrics.error("CronWorkflowSubmissionError");
    this.#metrics.tick("submission_error");
    if (!state.reported.has(scheduled)) {
      state.reported.add(scheduled);
      if (state.reported.size > 100) state.reported.delete(state.reported.values().next().value ?? 0);
      log.error({ error: message }, "Non-transient error submitting Workflow");
    }
  }

  /** stopStrategy: true when the CronWorkflow is (now) stopped. */
  #checkStop(view: CronWorkflow, state: CronState, log: Logger): boolean {
    const stop = evaluateStopStrategy(view, this.#clock.now());
    const conditions = conditionsOf(state);
    if (!stop.ok) {
      setCondition(conditions, CONDITION_SPEC_ERROR, stop.error);
      return true;
    }
    if (stop.stop && state.status.phase !== "Stopped") {
      state.status.phase = "Stopped";
      state.metadata.completedLabel = "true";
      log.info("stopStrategy expression is true; CronWorkflow stopped");
    }
    return state.status.phase === "Stopped";
  }

  /** Argo's `reconcileActiveWfs` and `enforceHistoryLimit` over the informer's children. */
  async #syncChildren(cron: CronWorkflow, state: CronState, log: Logger): Promise<void> {
    const children: Workflow[] = this.#workflows.store.byIndex(CRON_OWNER_INDEX, state.uid);
    const byName = new Map(children.map((wf) => [wf.metadata.name ?? "", wf]));
    const now = this.#clock.now();
    for (const [name, at] of state.awaiting) {
      if (byName.has(name) || now - at > ACTIVE_WAIT_MS) state.awaiting.delete(name);
    }
    const active = activeOf(state);
    let completedOne = false;
    for (const wf of children) {
      if (!isFulfilled(wf) && !active.some((r) => r.name === wf.metadata.name)) {
        this.#addActive(state, wf, cron.metadata.namespace ?? "");
      }
    }
    state.status.active = active.filter((ref) => {
      const name = ref.name ?? "";
      const child = byName.get(name);
      if (child === undefined) return state.awaiting.has(name);
      if (!isFulfilled(child)) return true;
      if (child.status?.phase === "Succeeded") state.status.succeeded = (state.status.succeeded ?? 0) + 1;
      else state.status.failed = (state.status.failed ?? 0) + 1;
      completedOne = true;
      return false;
    });
    if (completedOne) this.#checkStop(this.#view(cron, state), state, log);

    const deletions = selectHistoryDeletions(cron.metadata.name ?? "", children, {
      successful: cron.spec.successfulJobsHistoryLimit,
      failed: cron.spec.failedJobsHistoryLimit,
    });
    for (const [kind, list] of [
      ["Successful", deletions.successful],
      ["Failed", deletions.failed],
    ] as const) {
      for (const wf of list) {
        const name = wf.metadata.name ?? "";
        if (state.deleting.has(name)) continue;
        state.deleting.add(name);
        try {
          await this.#io(() => this.#api.deleteWorkflow(wf.metadata.namespace ?? "", name));
          log.info({ workflow: name }, "deleted Workflow (history limit)");
        } catch (error) {
          state.deleting.delete(name);
          if (!isNotFound(error)) {
            log.warn(
              { workflow: name, err: error },
              `unable to delete ${kind} Workflows of CronWorkflow '${cron.metadata.name ?? ""}'`,
            );
          }
        }
      }
    }
    for (const name of state.deleting) if (!byName.has(name)) state.deleting.delete(name);
  }

  /** Writes what changed (managed labels/annotations, then status); a failure is retried by the queue. */
  async #persist(cron: CronWorkflow, state: CronState, log: Logger): Promise<void> {
    const namespace = cron.metadata.namespace ?? "";
    const name = cron.metadata.name ?? "";
    const want = state.metadata;
    const had = state.persistedMetadata;
    const failures: unknown[] = [];
    const statusText = canonicalStatus(state.status);
    if (statusText !== state.persistedStatus) {
      try {
        await this.#io(() => this.#api.patchCronStatus(namespace, name, JSON.parse(statusText)));
        state.persistedStatus = statusText;
      } catch (error) {
        if (isNotFound(error)) return;
        failures.push(error);
      }
    }
    if (
      want.completedLabel !== had.completedLabel ||
      want.lastUsedSchedule !== had.lastUsedSchedule ||
      want.pendingTicks !== had.pendingTicks
    ) {
      const labels: Record<string, string | null> = {};
      const annotations: Record<string, string | null> = {};
      if (want.completedLabel !== had.completedLabel)
        labels[LABELS.cronWorkflowCompleted] = want.completedLabel;
      if (want.lastUsedSchedule !== had.lastUsedSchedule)
        annotations[ANNOTATIONS.lastUsedSchedule] = want.lastUsedSchedule;
      if (want.pendingTicks !== had.pendingTicks) annotations[ANNOTATION_PENDING_TICKS] = want.pendingTicks;
      try {
        await this.#io(() =>
          this.#api.patchCronMetadata(namespace, name, {
            ...(Object.keys(labels).length > 0 ? { labels } : {}),
            ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
          }),
        );
        state.persistedMetadata = { ...want };
      } catch (error) {
        if (isNotFound(error)) return;
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      log.warn({ err: failures[0] }, "failed to update cron workflow");
      throw failures[0];
    }
  }
}
