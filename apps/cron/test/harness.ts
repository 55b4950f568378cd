import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { type ApiServer, startApiServer } from "@weft/local-cluster";
import { FakeClock } from "@weft/workqueue";
import pino from "pino";
import { systemClock } from "../src/clock.js";
import { installArgoCrds } from "../src/crds.js";
import type { CronApi } from "../src/kube/cron-api.js";
import { WeftKubeCronApi } from "../src/kube/weft-kube-api.js";
import { CronScheduler, type SchedulerOptions } from "../src/scheduler.js";
import type { SchedulerMetrics, TickOutcome } from "../src/scheduler-metrics.js";
import type { CronWorkflow, Workflow } from "../src/types.js";

export const NS = "default";
const GROUP = "argoproj.io";
const VERSION = "v1alpha1";

/** The API client under test: the binary's, on @weft/kube. */
export function makeApi(kubeConfig: KubeConfig): CronApi {
  return new WeftKubeCronApi({ kubeConfig });
}

/** Counts every metric call, so tests can assert on them without scraping. */
export class CountingMetrics implements SchedulerMetrics {
  readonly counts = new Map<string, number>();
  readonly retries: string[] = [];
  #inc(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  triggered(name: string): void {
    this.#inc(`triggered:${name}`);
  }
  concurrencyPolicyTriggered(name: string, _ns: string, policy: string): void {
    this.#inc(`policy:${name}:${policy}`);
  }
  error(cause: string): void {
    this.#inc(`error:${cause}`);
  }
  tick(outcome: TickOutcome): void {
    this.#inc(`tick:${outcome}`);
  }
  lateness(): void {}
  k8sRequest(): void {}
  leader(): void {}
  readonly retryHooks = {
    onAttempt: () => this.#inc("attempt"),
    onRetry: (e: { verdict: { classifier: string; reason: string } }) => {
      this.#inc("retry");
      this.retries.push(e.verdict.reason);
    },
    onGiveUp: () => this.#inc("giveup"),
  };
  readonly queueMetrics = undefined;
}

export interface Env {
  readonly clock: FakeClock;
  readonly server: ApiServer;
  readonly kubeConfig: KubeConfig;
  readonly custom: CustomObjectsApi;
  scheduler: CronScheduler;
  metrics: CountingMetrics;
  startScheduler(options?: Partial<SchedulerOptions>): Promise<CronScheduler>;
  close(): Promise<void>;
}

/** An embedded API server on the fake clock, Argo's CRDs installed, and a scheduler factory using the real client. */
export async function startEnv(startIso = "2026-01-05T10:00:30Z"): Promise<Env> {
  const clock = new FakeClock(Date.parse(startIso));
  const server = await startApiServer({
    logger: pino({ level: process.env.WEFT_TEST_LOG ?? "silent" }),
    clock: {
      now: () => new Date(clock.now()),
      setTimeout: (fn, ms) => clock.setTimer(fn, ms),
      clearTimeout: (handle) => (handle as { cancel(): void }).cancel(),
    },
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(server.kubeconfigPath);
  await installArgoCrds(kubeConfig, systemClock);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const env: Env = {
    clock,
    server,
    kubeConfig,
    custom,
    scheduler: undefined as unknown as CronScheduler,
    metrics: new CountingMetrics(),
    async startScheduler(options = {}) {
      env.metrics = new CountingMetrics();
      env.scheduler = new CronScheduler({
        api: makeApi(kubeConfig),
        clock,
        metrics: env.metrics,
        syncPeriodMs: 10_000,
        attemptTimeoutMs: 2000,
        random: () => 0.5,
        relistDelayMs: 10,
        logger: pino({ level: process.env.WEFT_TEST_LOG ?? "silent" }),
        ...options,
      });
      await env.scheduler.start();
      if (process.env.WEFT_TEST_LOG) console.error("scheduler started");
      return env.scheduler;
    },
    async close() {
      await env.scheduler?.stop();
      await server.close();
    },
  };
  return env;
}

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

/** Waits (real time, by polling) until the scheduler has nothing left to do in real time. */
export async function settle(env: Env, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  let quiet = 0;
  while (quiet < 3) {
    await tick();
    quiet = env.scheduler.settled() ? quiet + 1 : 0;
    if (Date.now() - start > timeoutMs)
      throw new Error(`scheduler did not settle: ${env.scheduler.debugState()}`);
  }
}

/** Like {@link settle}, but gives up quietly (an API request may be held until fake time passes). */
export async function settleBriefly(env: Env, realMs = 200): Promise<void> {
  try {
    await settle(env, realMs);
  } catch {
    // A request is waiting on the fake clock: time has to move for it.
  }
}

/** Steps the fake clock until `check` passes (or `maxMs` of simulated time went by). */
export async function advanceUntil(
  env: Env,
  check: () => Promise<boolean>,
  stepMs = 100,
  maxMs = 120_000,
): Promise<void> {
  for (let done = 0; ; done += stepMs) {
    await settleBriefly(env);
    if (await check()) return;
    if (done >= maxMs) throw new Error(`condition not reached after ${maxMs} ms of simulated time`);
    env.clock.step(stepMs);
  }
}

/** Advances the fake clock in steps, settling after each, for `totalMs` of simulated time. */
export async function advance(env: Env, totalMs: number, stepMs = 1000): Promise<void> {
  await settle(env);
  // While a worker waits in a retry backoff, time moves in small steps, as it would for real.
  for (let done = 0; done < totalMs; ) {
    const step = Math.min(env.scheduler.sleepingWorkers > 0 ? 100 : stepMs, totalMs - done);
    env.clock.step(step);
    done += step;
    await settle(env);
  }
}

/** Polls until `check` passes (real time), for watch-driven effects. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

export function cronWorkflow(name: string, spec: Partial<CronWorkflow["spec"]> = {}): CronWorkflow {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: { name, namespace: NS },
    spec: {
      schedules: ["* * * * *"],
      workflowSpec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
      ...spec,
    },
  };
}

export async function createCron(env: Env, cron: CronWorkflow): Promise<CronWorkflow> {
  return (await env.custom.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: NS,
    plural: "cronworkflows",
    body: cron,
  })) as CronWorkflow;
}

export async function getCron(env: Env, name: string): Promise<CronWorkflow> {
  return (await env.custom.getNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: NS,
    plural: "cronworkflows",
    name,
  })) as CronWorkflow;
}

export async function patchCron(env: Env, name: string, body: object): Promise<void> {
  await env.custom.patchNamespacedCustomObject(
    { group: GROUP, version: VERSION, namespace: NS, plural: "cronworkflows", name, body },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
}

export async function listWorkflows(env: Env, cronName?: string): Promise<Workflow[]> {
  const body = (await env.custom.listNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace: NS,
    plural: "workflows",
    ...(cronName === undefined ? {} : { labelSelector: `workflows.argoproj.io/cron-workflow=${cronName}` }),
  })) as { items: Workflow[] };
  return body.items.sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
}

/** Plays the workflow controller: sets a Workflow's phase (and finishedAt when it is done). */
export async function finishWorkflow(
  env: Env,
  name: string,
  phase: "Succeeded" | "Failed" | "Running",
): Promise<void> {
  const done = phase !== "Running";
  await env.custom.patchNamespacedCustomObject(
    {
      group: GROUP,
      version: VERSION,
      namespace: NS,
      plural: "workflows",
      name,
      body: { status: { phase, ...(done ? { finishedAt: new Date(env.clock.now()).toISOString() } : {}) } },
    },
    setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
  );
}
