import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { CustomObjectsApi, KubeConfig, loadAllYaml } from "@kubernetes/client-node";
import {
  HealthChecks,
  type HealthServer,
  LeaderElector,
  Lifecycle,
  startHealthServer,
  toKubeApiError,
} from "@weft/kube";
import { type ApiServer, startApiServer } from "@weft/local-cluster";
import { MetricsRegistry, routes } from "@weft/metrics";
import type { Logger } from "pino";
import { type Clock, kubeClock, systemClock } from "./clock.js";
import { type CronConfig, parseListenAddress } from "./config.js";
import { installArgoCrds } from "./crds.js";
import { WeftKubeCronApi } from "./kube/weft-kube-api.js";
import { CronScheduler } from "./scheduler.js";
import { registryMetrics } from "./scheduler-metrics.js";

export interface RunningCron {
  /** The metrics/health server's URL, when it listens. */
  readonly url: string | undefined;
  /** The kubeconfig of the embedded cluster (local mode). */
  readonly kubeconfigPath: string | undefined;
  /** True once this replica leads and its informers have listed. */
  ready(): boolean;
  /** Graceful shutdown: not ready, stop scheduling, release the lease, close servers. Idempotent. */
  stop(): Promise<void>;
  /** The shutdown steps behind {@link stop}; `installSignalHandlers()` runs them on SIGTERM/SIGINT, then exits. */
  readonly lifecycle: Lifecycle;
}

async function applyManifests(kubeConfig: KubeConfig, files: readonly string[], log: Logger): Promise<void> {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  for (const file of files) {
    const docs = loadAllYaml(readFileSync(file, "utf8")) as Array<{
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    }>;
    for (const doc of docs) {
      const [group, version] = (doc.apiVersion ?? "").split("/");
      if (group !== "argoproj.io" || version === undefined || doc.kind === undefined) {
        throw new Error(
          `--apply ${file}: only argoproj.io objects can be applied, got ${doc.apiVersion}/${doc.kind}`,
        );
      }
      const plural = `${doc.kind.toLowerCase()}s`;
      const namespace = doc.metadata?.namespace ?? "default";
      try {
        await api.createNamespacedCustomObject({ group, version, namespace, plural, body: doc });
        log.info({ kind: doc.kind, name: doc.metadata?.name, namespace }, "applied");
      } catch (error) {
        if (toKubeApiError(error)?.code !== 409) throw error;
        log.info({ kind: doc.kind, name: doc.metadata?.name, namespace }, "already exists");
      }
    }
  }
}

/** Starts weft-cron as configured: cluster connection, metrics/health server, leader election, the scheduler. */
export async function runCron(
  config: CronConfig,
  log: Logger,
  clock: Clock = systemClock,
): Promise<RunningCron> {
  let local: ApiServer | undefined;
  const kubeConfig = new KubeConfig();
  if (config.cluster === "local") {
    const stateDir = resolve(".weft/cron");
    mkdirSync(stateDir, { recursive: true });
    local = await startApiServer({
      kubeconfigPath: resolve(stateDir, "kubeconfig"),
      logger: log.child({ component: "local-cluster" }),
    });
    kubeConfig.loadFromFile(local.kubeconfigPath);
    log.info(
      { url: local.url, kubeconfig: local.kubeconfigPath },
      "embedded cluster started (KUBECONFIG for kubectl)",
    );
  } else if (config.cluster === "in-cluster") {
    kubeConfig.loadFromCluster();
  } else {
    kubeConfig.loadFromFile(config.kubeconfig ?? "");
  }
  if (config.installCrds) await installArgoCrds(kubeConfig, clock);
  if (config.apply.length > 0) await applyManifests(kubeConfig, config.apply, log);

  const registry = new MetricsRegistry();
  const metrics = registryMetrics(registry);
  const api = new WeftKubeCronApi({
    kubeConfig,
    namespace: config.namespace,
    onRequest: (o) => metrics.k8sRequest(o),
  });
  const health = new HealthChecks();
  const lifecycle = new Lifecycle({ health, logger: log });
  const makeScheduler = (): CronScheduler =>
    new CronScheduler({
      api,
      clock,
      logger: log,
      metrics,
      workers: config.workers,
      syncPeriodMs: config.syncPeriodMs,
      retry: { ...config.retry, jitterMode: "proportional" },
      attemptTimeoutMs: config.attemptTimeoutMs,
      tickDeadlineMs: config.tickDeadlineMs,
      catchUpIntervalMs: config.catchUpIntervalMs,
      instanceId: config.instanceId,
      defaultTimezone: config.defaultTimezone,
    });

  let scheduler: CronScheduler | undefined;
  const startScheduling = (): void => {
    if (lifecycle.shuttingDown() || scheduler !== undefined) return;
    scheduler = makeScheduler();
    metrics.leader(true);
    scheduler.start().catch((error: unknown) => log.error({ err: error }, "scheduler failed to start"));
  };
  const stopScheduling = async (): Promise<void> => {
    metrics.leader(false);
    const s = scheduler;
    scheduler = undefined;
    await s?.stop();
  };

  const elector = config.leaderElect
    ? new LeaderElector({
        leases: api.kube.leases,
        namespace: config.leaseNamespace,
        name: config.leaseName,
        identity: config.identity,
        clock: kubeClock(clock),
        logger: log,
        callbacks: { onStartedLeading: startScheduling, onStoppedLeading: () => void stopScheduling() },
      })
    : undefined;
  // Stand for election until shutdown; a lost term (renew deadline passed) campaigns again.
  const campaigning = new AbortController();
  const campaign = (async () => {
    while (elector !== undefined && !campaigning.signal.aborted) {
      await elector.run(campaigning.signal).catch((error: unknown) => {
        log.warn({ err: error }, "leader election failed");
      });
    }
  })();
  if (elector === undefined) startScheduling();

  health
    .addReadinessCheck("scheduler", () =>
      elector !== undefined && !elector.isLeader()
        ? true
        : scheduler?.synced === true || "informers not synced",
    )
    .addLivenessCheck("leader", () => elector?.check(20_000));
  let server: HealthServer | undefined;
  const listen = parseListenAddress(config.metricsAddress);
  if (listen !== undefined) {
    server = await startHealthServer(health, {
      port: listen.port,
      host: listen.host,
      fallback: routes({ "/metrics": registry.handler }),
    });
    log.info({ url: server.url }, "metrics and health endpoints listening (/metrics, /healthz, /readyz)");
  }

  // Scheduling stops before the lease is released, so the next leader never overlaps this one.
  lifecycle
    .onShutdown("stop scheduling", stopScheduling)
    .onShutdown("release lease", () => {
      campaigning.abort();
      return campaign;
    })
    .onShutdown("close servers", async () => {
      const closing = server?.close();
      server?.server.closeAllConnections();
      await closing;
      await registry.shutdown();
      await local?.close();
      log.info("weft-cron stopped");
    });

  return {
    url: server?.url,
    kubeconfigPath: local?.kubeconfigPath,
    lifecycle,
    ready: () => health.evaluate("readyz").ok,
    async stop() {
      await lifecycle.shutdown("stop requested");
    },
  };
}
