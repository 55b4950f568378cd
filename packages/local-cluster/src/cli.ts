#!/usr/bin/env node
/**
 * weft-local: the embedded default cluster on one machine. Starts the Kubernetes-compatible API server and a local
 * kubelet that runs pods as host processes, writes a kubeconfig and prints its path, and shuts both down cleanly
 * on SIGTERM/SIGINT (pods get SIGTERM, then SIGKILL after their grace period, capped by --shutdown-grace).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { pino } from "pino";
import { PinoPretty } from "pino-pretty";
import { Kubelet } from "./kubelet/kubelet.js";
import { validateKubeletOptions } from "./kubelet/kubelet-options.js";
import { startApiServer } from "./server/api-server.js";

export interface CliOptions {
  readonly help: boolean;
  readonly version: boolean;
  /** Directory for the kubeconfig, the kubelet's pod directories and (with persist) the API objects. */
  readonly stateDir: string;
  readonly kubeconfig: string;
  readonly host: string;
  readonly port: number;
  readonly token: string | undefined;
  readonly persist: boolean;
  readonly nodeName: string;
  /** The node's InternalIP, the pods' hostIP/podIP; the kubelet's log server listens there. */
  readonly nodeAddress: string;
  readonly kubeletPort: number;
  readonly kubelet: boolean;
  /** Run only the kubelet, against the cluster of this kubeconfig. */
  readonly join: string | undefined;
  readonly schedule: boolean;
  /** Run only pods that tolerate weft.dev/host-processes (default with --join). */
  readonly onlyTolerating: boolean;
  readonly shutdownGraceSeconds: number;
  readonly logLevel: string;
  readonly logFormat: "json" | "pretty";
}

export const HELP = `weft-local: an embedded Kubernetes API server and a local kubelet (pods run as host processes)

Usage: weft-local [options]

Options (flag > environment variable > default):
  --state-dir <dir>        WEFT_LOCAL_STATE_DIR     state directory            (.weft/local)
  --kubeconfig <file>      WEFT_LOCAL_KUBECONFIG    kubeconfig to write        (<state-dir>/kubeconfig)
  --host <addr>            WEFT_LOCAL_HOST          API server address         (127.0.0.1)
  --port <n>               WEFT_LOCAL_PORT          API server port, 0 = any   (0)
  --token <t>              WEFT_LOCAL_TOKEN         bearer token               (random)
  --persist                WEFT_LOCAL_PERSIST=1     keep objects in <state-dir>/data across restarts
  --node-name <name>       WEFT_LOCAL_NODE_NAME     the kubelet's Node         (weft-local)
  --node-address <ip>      WEFT_LOCAL_NODE_ADDRESS  node InternalIP, log server address (127.0.0.1)
  --kubelet-port <n>       WEFT_LOCAL_KUBELET_PORT  log server port, 0 = any   (0)
  --no-kubelet             WEFT_LOCAL_KUBELET=0     run the API server only
  --join <kubeconfig>      WEFT_LOCAL_JOIN          run only the kubelet, against that cluster
  --no-schedule            WEFT_LOCAL_SCHEDULE=0    do not bind unscheduled pods (default: bind them,
                                                   except with --join)
  --[no-]only-tolerating   WEFT_LOCAL_ONLY_TOLERATING taint the node weft.dev/host-processes and run only
                                                   pods tolerating it (default: on with --join)
  --shutdown-grace <s>     WEFT_LOCAL_SHUTDOWN_GRACE longest grace period for pods at shutdown (10)
  --log-level <level>      WEFT_LOG_LEVEL           trace|debug|info|warn|error (info)
  --log-format <f>         WEFT_LOG_FORMAT          json|pretty                (json)
  --pretty                                          same as --log-format pretty
  -h, --help                                        this help
  --version                                         print the version

The only line on stdout is the kubeconfig path; logs go to stderr. In another shell:
  export KUBECONFIG=.weft/local/kubeconfig; kubectl get pods
`;

/** Parses flags and environment into options; throws an Error naming the flag or variable on bad input. */
export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    allowNegative: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean" },
      "state-dir": { type: "string" },
      kubeconfig: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
      persist: { type: "boolean" },
      "node-name": { type: "string" },
      "node-address": { type: "string" },
      "kubelet-port": { type: "string" },
      kubelet: { type: "boolean" },
      join: { type: "string" },
      schedule: { type: "boolean" },
      "only-tolerating": { type: "boolean" },
      "shutdown-grace": { type: "string" },
      "log-level": { type: "string" },
      "log-format": { type: "string" },
      pretty: { type: "boolean" },
    },
  });
  const str = (flag: string | undefined, name: string, fallback: string): string => {
    const v = flag ?? env[name];
    return v === undefined || v === "" ? fallback : v;
  };
  const bool = (flag: boolean | undefined, name: string, fallback: boolean): boolean => {
    if (flag !== undefined) return flag;
    const v = env[name];
    if (v === undefined || v === "") return fallback;
    if (["1", "true", "yes"].includes(v)) return true;
    if (["0", "false", "no"].includes(v)) return false;
    throw new Error(`${name}: "${v}" is not a boolean (use 1/0, true/false)`);
  };
  const int = (
    flag: string | undefined,
    flagName: string,
    name: string,
    fallback: number,
    max: number,
  ): number => {
    const raw = flag ?? env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) {
      throw new Error(
        `${flag === undefined ? name : `--${flagName}`}: "${raw}" must be an integer in 0..${max}`,
      );
    }
    return n;
  };
  const stateDir = resolve(str(values["state-dir"], "WEFT_LOCAL_STATE_DIR", ".weft/local"));
  const logFormat = values.pretty === true ? "pretty" : str(values["log-format"], "WEFT_LOG_FORMAT", "json");
  if (logFormat !== "json" && logFormat !== "pretty") {
    throw new Error(`--log-format: "${logFormat}" must be json or pretty`);
  }
  const logLevel = str(values["log-level"], "WEFT_LOG_LEVEL", "info");
  if (!["trace", "debug", "info", "warn", "error", "fatal", "silent"].includes(logLevel)) {
    throw new Error(
      `--log-level: "${logLevel}" must be one of trace, debug, info, warn, error, fatal, silent`,
    );
  }
  const join = values.join ?? env.WEFT_LOCAL_JOIN;
  const joined = join !== undefined && join !== "";
  const kubelet = bool(values.kubelet, "WEFT_LOCAL_KUBELET", true);
  if (joined && !kubelet)
    throw new Error("--join runs only the kubelet: it cannot be combined with --no-kubelet");
  const nodeName = str(values["node-name"], "WEFT_LOCAL_NODE_NAME", "weft-local");
  try {
    validateKubeletOptions({ nodeName, rootDir: stateDir });
  } catch (err) {
    throw new Error(
      `${values["node-name"] === undefined ? "WEFT_LOCAL_NODE_NAME" : "--node-name"}: ${String(err instanceof Error ? err.message : err).replace(/^nodeName: /, "")}`,
    );
  }
  const token = values.token ?? env.WEFT_LOCAL_TOKEN;
  return {
    help: values.help === true,
    version: values.version === true,
    stateDir,
    kubeconfig: resolve(str(values.kubeconfig, "WEFT_LOCAL_KUBECONFIG", `${stateDir}/kubeconfig`)),
    host: str(values.host, "WEFT_LOCAL_HOST", "127.0.0.1"),
    port: int(values.port, "port", "WEFT_LOCAL_PORT", 0, 65535),
    token: token === "" ? undefined : token,
    persist: bool(values.persist, "WEFT_LOCAL_PERSIST", false),
    nodeName,
    nodeAddress: str(values["node-address"], "WEFT_LOCAL_NODE_ADDRESS", "127.0.0.1"),
    kubeletPort: int(values["kubelet-port"], "kubelet-port", "WEFT_LOCAL_KUBELET_PORT", 0, 65535),
    kubelet,
    join: joined ? resolve(join) : undefined,
    schedule: bool(values.schedule, "WEFT_LOCAL_SCHEDULE", !joined),
    onlyTolerating: bool(values["only-tolerating"], "WEFT_LOCAL_ONLY_TOLERATING", joined),
    shutdownGraceSeconds: int(
      values["shutdown-grace"],
      "shutdown-grace",
      "WEFT_LOCAL_SHUTDOWN_GRACE",
      10,
      3600,
    ),
    logLevel,
    logFormat,
  };
}

export function makeLogger(options: Pick<CliOptions, "logLevel" | "logFormat">): Logger {
  const base = { level: options.logLevel, name: "weft-local" };
  if (options.logFormat === "pretty") {
    return pino(base, PinoPretty({ destination: 2, colorize: process.stderr.isTTY === true, sync: true }));
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A running weft-local: `stop` shuts the kubelet (and its pods) down, then the API server. Idempotent. */
export interface RunningCluster {
  readonly kubeconfigPath: string;
  readonly url: string | undefined;
  readonly kubelet: Kubelet | undefined;
  stop(): Promise<void>;
}

/** Starts what the options ask for. */
export async function startCluster(options: CliOptions, logger: Logger): Promise<RunningCluster> {
  mkdirSync(options.stateDir, { recursive: true });
  const server =
    options.join === undefined
      ? await startApiServer({
          host: options.host,
          port: options.port,
          kubeconfigPath: options.kubeconfig,
          logger: logger.child({ component: "apiserver" }),
          ...(options.token === undefined ? {} : { token: options.token }),
          ...(options.persist ? { dataDir: `${options.stateDir}/data` } : {}),
        })
      : undefined;
  const kubeconfigPath = options.join ?? server?.kubeconfigPath ?? options.kubeconfig;
  let kubelet: Kubelet | undefined;
  if (options.kubelet) {
    try {
      const kc = new KubeConfig();
      kc.loadFromString(readFileSync(kubeconfigPath, "utf8"));
      kubelet = new Kubelet({
        kubeConfig: kc,
        nodeName: options.nodeName,
        address: options.nodeAddress,
        port: options.kubeletPort,
        rootDir: `${options.stateDir}/kubelet`,
        schedule: options.schedule,
        onlyTolerating: options.onlyTolerating,
        shutdownGracePeriodSeconds: options.shutdownGraceSeconds,
        logger: logger.child({ component: "kubelet" }),
      });
      await kubelet.start();
    } catch (err) {
      await kubelet?.stop().catch(() => {});
      await server?.close();
      throw err;
    }
  }
  let stopping: Promise<void> | undefined;
  return {
    kubeconfigPath,
    url: server?.url,
    kubelet,
    stop() {
      stopping ??= (async () => {
        await kubelet?.stop();
        await server?.close();
      })();
      return stopping;
    },
  };
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Where the CLI gets signals from and writes its stdout (injected by tests). */
export interface CliIo {
  readonly signals: Pick<NodeJS.EventEmitter, "on" | "removeListener">;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The CLI: resolves with the process exit code once the cluster has stopped. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo = {
    signals: process,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
): Promise<number> {
  const { signals, stdout } = io;
  let options: CliOptions;
  try {
    options = parseCliOptions(argv, env);
  } catch (err) {
    io.stderr(`weft-local: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    stdout(HELP);
    return 0;
  }
  if (options.version) {
    stdout(`${version()}\n`);
    return 0;
  }
  const logger = makeLogger(options);
  let cluster: RunningCluster;
  try {
    cluster = await startCluster(options, logger);
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, "weft-local failed to start");
    return 1;
  }
  stdout(`${cluster.kubeconfigPath}\n`);
  logger.info(
    { kubeconfig: cluster.kubeconfigPath, url: cluster.url, node: cluster.kubelet?.nodeName },
    "weft-local ready",
  );
  return new Promise<number>((resolveExit) => {
    let signalled = false;
    const done = (code: number): void => {
      signals.removeListener("SIGINT", onSignal);
      signals.removeListener("SIGTERM", onSignal);
      resolveExit(code);
    };
    const onSignal = (signal: string): void => {
      if (signalled) {
        logger.warn({ signal }, "second signal: exiting without waiting for pods");
        done(130);
        return;
      }
      signalled = true;
      logger.info({ signal }, "shutting down");
      cluster.stop().then(
        () => {
          logger.info("stopped");
          done(0);
        },
        (err: unknown) => {
          logger.error({ err: String(err) }, "shutdown failed");
          done(1);
        },
      );
    };
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);
  });
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2), process.env);
  process.exit(code);
}
