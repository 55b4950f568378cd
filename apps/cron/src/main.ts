import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { CustomObjectsApi, KubeConfig, loadAllYaml } from "@kubernetes/client-node";
import { type ApiServer, startApiServer } from "@weft/local-cluster";
import { healthRequestHandler, MetricsRegistry, routes } from "@weft/metrics";
import type { Logger } from "pino";
import { type Clock, systemClock } from "./clock.js";
import { type CronConfig, parseListenAddress } from "./config.js";
import { installArgoCrds } from "./crds.js";
import { reuseDispatchers } from "./kube/dispatcher-reuse.js";
import { LeaderElector } from "./kube/leader-election.js";
import { apiErrorInfo } from "./kube/status-error.js";
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
        if (apiErrorInfo(error).code !== 409) throw error;
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
  reuseDispatchers(kubeConfig);
  if (config.installCrds) await installArgoCrds(kubeConfig, clock);
  if (config.apply.length > 0) await applyManifests(kubeConfig, config.apply, log);

  const registry = new MetricsRegistry();
  const metrics = registryMetrics(registry);
  const makeScheduler = (): CronScheduler =>
    new CronScheduler({
      api: new WeftKubeCronApi({
        kubeConfig,
        namespace: config.namespace,
        onRequest: (o) => metrics.k8sRequest(o),
      }),
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
  let stopping = false;
  const startScheduling = (): void => {
    if (stopping || scheduler !== undefined) return;
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
        kubeConfig,
        namespace: config.leaseNamespace,
        name: config.leaseName,
        identity: config.identity,
        clock,
        logger: log,
        onStartedLeading: startScheduling,
        onStoppedLeading: () => void stopScheduling(),
      })
    : undefined;
  if (elector === undefined) startScheduling();
  else elector.start();

  const ready = (): boolean =>
    !stopping && (elector !== undefined && !elector.leading ? true : scheduler?.synced === true);
  let server: Server | undefined;
  let url: string | undefined;
  const listen = parseListenAddress(config.metricsAddress);
  if (listen !== undefined) {
    server = createServer(
      routes({
        "/metrics": registry.handler,
        "/healthz": healthRequestHandler(() => !stopping || "shutting down"),
        "/readyz": healthRequestHandler(() => ready() || "not ready (informers not synced or shutting down)"),
      }),
    );
    await new Promise<void>((ok, fail) => {
      server?.once("error", fail);
      server?.listen(listen.port, listen.host, () => ok());
    });
    const address = server.address() as AddressInfo;
    url = `http://${address.address}:${address.port}`;
    log.info({ url }, "metrics and health endpoints listening (/metrics, /healthz, /readyz)");
  }

  return {
    url,
    kubeconfigPath: local?.kubeconfigPath,
    ready,
    async stop() {
      if (stopping) return;
      stopping = true;
      await stopScheduling();
      await elector?.stop();
      if (server !== undefined) {
        await new Promise<void>((ok) => {
          server?.close(() => ok());
          server?.closeAllConnections();
        });
      }
      await registry.shutdown();
      await local?.close();
      log.info("weft-cron stopped");
    },
  };
}
