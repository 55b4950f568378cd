import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { parseGoDurationMs } from "./schedule.js";

export interface CronConfig {
  readonly help: boolean;
  readonly version: boolean;
  /** `local`: start the embedded cluster; `kubeconfig`: a file; `in-cluster`: the service account. */
  readonly cluster: "local" | "kubeconfig" | "in-cluster";
  readonly kubeconfig: string | undefined;
  readonly apply: readonly string[];
  /** Create Argo's Workflow and CronWorkflow CRDs when missing (default: only with --local). */
  readonly installCrds: boolean;
  readonly namespace: string | undefined;
  readonly instanceId: string | undefined;
  readonly workers: number;
  readonly syncPeriodMs: number;
  readonly retry: {
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly factor: number;
    readonly maxDelayMs: number;
    readonly jitter: number;
  };
  readonly attemptTimeoutMs: number;
  readonly tickDeadlineMs: number;
  readonly catchUpIntervalMs: number;
  readonly defaultTimezone: string | undefined;
  readonly metricsAddress: string;
  readonly leaderElect: boolean;
  readonly leaseName: string;
  readonly leaseNamespace: string;
  readonly identity: string;
  readonly logLevel: string;
  readonly logFormat: "json" | "pretty";
}

export const HELP = `weft-cron: the CronWorkflow scheduler (Argo CronWorkflows, unchanged) that never misses and never duplicates

Usage: weft-cron [options]

Cluster (default: in-cluster when KUBERNETES_SERVICE_HOST is set, else --kubeconfig/KUBECONFIG, else --local)
  --local                   WEFT_CRON_LOCAL=1          start the embedded cluster (@weft/local-cluster) and use it
  --kubeconfig <file>       KUBECONFIG                 kubeconfig file
  --in-cluster              WEFT_CRON_IN_CLUSTER=1     use the pod's service account
  --apply <file>            WEFT_CRON_APPLY            create the manifests in this YAML file at start (repeatable;
                                                       env: comma-separated)
  --install-crds            WEFT_CRON_INSTALL_CRDS=1   create Argo's Workflow/CronWorkflow CRDs if missing
                                                       (default: on with --local, off otherwise)
Scheduling
  --namespace <ns>          WEFT_CRON_NAMESPACE        watch one namespace (default: all)
  --instance-id <id>        INSTANCE_ID                only objects labelled workflows.argoproj.io/controller-instanceid=<id>
  --workers <n>             WEFT_CRON_WORKERS          concurrent reconciles (8)
  --sync-period <dur>       CRON_SYNC_PERIOD           reconcile every CronWorkflow this often (10s)
  --default-timezone <tz>   WEFT_CRON_DEFAULT_TIMEZONE zone of CronWorkflows without spec.timezone (machine's zone)
Workflow creation
  --retry-max-attempts <n>  WEFT_CRON_RETRY_MAX_ATTEMPTS attempts in all, first included (4 = 3 retries)
  --retry-base-delay <dur>  WEFT_CRON_RETRY_BASE_DELAY   first backoff (100ms)
  --retry-factor <x>        WEFT_CRON_RETRY_FACTOR       backoff multiplier (2)
  --retry-max-delay <dur>   WEFT_CRON_RETRY_MAX_DELAY    longest backoff (10s)
  --retry-jitter <0..1>     WEFT_CRON_RETRY_JITTER       proportional jitter (0.1)
  --attempt-timeout <dur>   WEFT_CRON_ATTEMPT_TIMEOUT    cut one create request after (10s)
  --tick-deadline <dur>     WEFT_CRON_TICK_DEADLINE      stop retrying a tick this long after its time, or at
                                                         startingDeadlineSeconds if sooner (60s)
  --catch-up-interval <dur> WEFT_CRON_CATCH_UP_INTERVAL  retry lost ticks this often within their deadline (5s)
Process
  --metrics-address <addr>  WEFT_CRON_METRICS_ADDRESS  /metrics, /healthz, /readyz listen address (127.0.0.1:9090;
                                                       port 0 = any; "off" = none)
  --no-leader-elect         LEADER_ELECTION_DISABLE=true  run without a Lease (one replica only!)
  --lease-name <name>       LEADER_ELECTION_LEASE_NAME    Lease name (weft-cron)
  --lease-namespace <ns>    POD_NAMESPACE              Lease namespace (default)
  --identity <id>           POD_NAME                   this replica's identity (<hostname>-<pid>)
  --log-level <level>       WEFT_LOG_LEVEL             trace|debug|info|warn|error (info)
  --log-format <f>          WEFT_LOG_FORMAT            json|pretty (json)
  --pretty                                             same as --log-format pretty
  -h, --help                                           this help
  --version                                            print the version

Durations are Go durations (100ms, 10s, 1m30s). Flags win over environment variables, which win over defaults.
`;

type Env = Readonly<Record<string, string | undefined>>;

function duration(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === "") return fallback;
  const ms = parseGoDurationMs(text);
  if (ms === undefined || ms < 0)
    throw new Error(`${name}: "${text}" is not a duration (e.g. 100ms, 10s, 1m)`);
  return ms;
}

function number(
  name: string,
  text: string | undefined,
  fallback: number,
  rule: (n: number) => boolean,
  what: string,
): number {
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || !rule(n)) throw new Error(`${name}: "${text}" must be ${what}`);
  return n;
}

function truthy(text: string | undefined): boolean | undefined {
  if (text === undefined || text === "") return undefined;
  return ["1", "true", "yes", "on"].includes(text.toLowerCase());
}

/** Flags and environment into a config; throws an Error naming the flag or variable and the rule on bad input. */
export function parseConfig(argv: readonly string[], env: Env): CronConfig {
  const { values: v } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    allowNegative: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
      local: { type: "boolean" },
      "in-cluster": { type: "boolean" },
      kubeconfig: { type: "string" },
      apply: { type: "string", multiple: true },
      "install-crds": { type: "boolean" },
      namespace: { type: "string" },
      "instance-id": { type: "string" },
      workers: { type: "string" },
      "sync-period": { type: "string" },
      "default-timezone": { type: "string" },
      "retry-max-attempts": { type: "string" },
      "retry-base-delay": { type: "string" },
      "retry-factor": { type: "string" },
      "retry-max-delay": { type: "string" },
      "retry-jitter": { type: "string" },
      "attempt-timeout": { type: "string" },
      "tick-deadline": { type: "string" },
      "catch-up-interval": { type: "string" },
      "metrics-address": { type: "string" },
      "leader-elect": { type: "boolean" },
      "lease-name": { type: "string" },
      "lease-namespace": { type: "string" },
      identity: { type: "string" },
      "log-level": { type: "string" },
      "log-format": { type: "string" },
      pretty: { type: "boolean" },
    },
  });
  const kubeconfig = v.kubeconfig ?? (env.KUBECONFIG || undefined);
  const local = v.local ?? truthy(env.WEFT_CRON_LOCAL);
  const inCluster = v["in-cluster"] ?? truthy(env.WEFT_CRON_IN_CLUSTER);
  if (local === true && (inCluster === true || v.kubeconfig !== undefined)) {
    throw new Error("--local: cannot be combined with --in-cluster or --kubeconfig");
  }
  const cluster: CronConfig["cluster"] =
    local === true
      ? "local"
      : inCluster === true
        ? "in-cluster"
        : kubeconfig !== undefined
          ? "kubeconfig"
          : env.KUBERNETES_SERVICE_HOST
            ? "in-cluster"
            : "local";
  const logFormat = v.pretty === true ? "pretty" : (v["log-format"] ?? env.WEFT_LOG_FORMAT ?? "json");
  if (logFormat !== "json" && logFormat !== "pretty") {
    throw new Error(`--log-format: "${logFormat}" must be json or pretty`);
  }
  const logLevel = v["log-level"] ?? env.WEFT_LOG_LEVEL ?? "info";
  if (!["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(logLevel)) {
    throw new Error(`--log-level: "${logLevel}" must be trace, debug, info, warn, error, fatal or silent`);
  }
  const leaderDisabled = truthy(env.LEADER_ELECTION_DISABLE);
  const applyEnv = (env.WEFT_CRON_APPLY ?? "").split(",").filter((s) => s !== "");
  return {
    help: v.help === true,
    version: v.version === true,
    cluster,
    kubeconfig,
    apply: v.apply ?? applyEnv,
    installCrds: v["install-crds"] ?? truthy(env.WEFT_CRON_INSTALL_CRDS) ?? cluster === "local",
    namespace: v.namespace ?? (env.WEFT_CRON_NAMESPACE || undefined),
    instanceId: v["instance-id"] ?? (env.INSTANCE_ID || undefined),
    workers: number(
      "--workers",
      v.workers ?? env.WEFT_CRON_WORKERS,
      8,
      (n) => Number.isInteger(n) && n >= 1,
      "an integer >= 1",
    ),
    syncPeriodMs: duration("--sync-period", v["sync-period"] ?? env.CRON_SYNC_PERIOD, 10_000),
    retry: {
      maxAttempts: number(
        "--retry-max-attempts",
        v["retry-max-attempts"] ?? env.WEFT_CRON_RETRY_MAX_ATTEMPTS,
        4,
        (n) => Number.isInteger(n) && n >= 1,
        "an integer >= 1",
      ),
      baseDelayMs: duration(
        "--retry-base-delay",
        v["retry-base-delay"] ?? env.WEFT_CRON_RETRY_BASE_DELAY,
        100,
      ),
      factor: number(
        "--retry-factor",
        v["retry-factor"] ?? env.WEFT_CRON_RETRY_FACTOR,
        2,
        (n) => n >= 1,
        "a number >= 1",
      ),
      maxDelayMs: duration(
        "--retry-max-delay",
        v["retry-max-delay"] ?? env.WEFT_CRON_RETRY_MAX_DELAY,
        10_000,
      ),
      jitter: number(
        "--retry-jitter",
        v["retry-jitter"] ?? env.WEFT_CRON_RETRY_JITTER,
        0.1,
        (n) => n >= 0 && n <= 1,
        "in [0, 1]",
      ),
    },
    attemptTimeoutMs: duration(
      "--attempt-timeout",
      v["attempt-timeout"] ?? env.WEFT_CRON_ATTEMPT_TIMEOUT,
      10_000,
    ),
    tickDeadlineMs: duration("--tick-deadline", v["tick-deadline"] ?? env.WEFT_CRON_TICK_DEADLINE, 60_000),
    catchUpIntervalMs: duration(
      "--catch-up-interval",
      v["catch-up-interval"] ?? env.WEFT_CRON_CATCH_UP_INTERVAL,
      5000,
    ),
    defaultTimezone: v["default-timezone"] ?? (env.WEFT_CRON_DEFAULT_TIMEZONE || undefined),
    metricsAddress: v["metrics-address"] ?? env.WEFT_CRON_METRICS_ADDRESS ?? "127.0.0.1:9090",
    leaderElect: v["leader-elect"] ?? (leaderDisabled === undefined ? true : !leaderDisabled),
    leaseName: v["lease-name"] ?? env.LEADER_ELECTION_LEASE_NAME ?? "weft-cron",
    leaseNamespace: v["lease-namespace"] ?? env.POD_NAMESPACE ?? "default",
    identity: v.identity ?? env.POD_NAME ?? `${hostname()}-${process.pid}`,
    logLevel,
    logFormat,
  };
}

/** `host:port` (or `:port`) of --metrics-address; undefined for "off". */
export function parseListenAddress(text: string): { host: string; port: number } | undefined {
  if (text === "off") return undefined;
  const i = text.lastIndexOf(":");
  const host = i <= 0 ? "0.0.0.0" : text.slice(0, i).replace(/^\[|\]$/g, "");
  const port = Number(text.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--metrics-address: "${text}" must be host:port with a port in 0..65535, or off`);
  }
  return { host, port };
}
