import { rm } from "node:fs/promises";
import type { KubeConfig, V1Pod } from "@kubernetes/client-node";
import {
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  V1MicroTime,
} from "@kubernetes/client-node";
import type { Logger } from "pino";
import { pino } from "pino";
import type { Clock } from "./clock.js";
import { sleep, systemClock } from "./clock.js";
import type { PodConfigSource } from "./config-source.js";
import { ApiConfigSource } from "./config-source.js";
import { EventRecorder } from "./event-recorder.js";
import {
  HOST_PROCESS_REJECTION,
  HOST_PROCESS_TAINT,
  toleratesHostProcesses,
} from "./host-process-admission.js";
import { validateKubeletOptions } from "./kubelet-options.js";
import { cleanLeftovers } from "./leftovers.js";
import { LogServer } from "./log-server.js";
import type { PodLogRequest, PodLogSource } from "./log-source.js";
import { PodLogError } from "./log-source.js";
import { LogStore } from "./log-store.js";
import type { MemoryProbe } from "./memory-probe.js";
import { HostMemoryProbe } from "./memory-probe.js";
import type { NodeFacts } from "./node-status.js";
import { hostResources, nodeLabels, nodeStatus } from "./node-status.js";
import { PodDirs } from "./pod-dirs.js";
import type { PodConditionJson } from "./pod-status.js";
import { computePodStatus, lostPodStatus, podHasStarted } from "./pod-status.js";
import { PodWatch } from "./pod-watch.js";
import { PodWorker } from "./pod-worker.js";
import type { ProbeRunner } from "./probe-runner.js";
import { HostProbeRunner } from "./probe-runner.js";
import type { ProcessSpawner } from "./process-spawner.js";
import { HostProcessSpawner } from "./process-spawner.js";

export interface KubeletOptions {
  /** How to reach the API server (any: the embedded one or a real cluster). */
  readonly kubeConfig: KubeConfig;
  readonly nodeName: string;
  /** Directory for pod volumes, working directories and logs. */
  readonly rootDir: string;
  /**
   * Also take pods that no scheduler has placed (empty `spec.nodeName`, default scheduler) and bind them to this
   * node, as the only node of a cluster. Default false: on a real cluster the scheduler does that.
   */
  readonly schedule?: boolean;
  /**
   * Only run pods that tolerate `weft.dev/host-processes` by key, and taint the Node with it (NoSchedule). Meant
   * for joining a real cluster, where DaemonSets and other tenants' pods must not become processes on this host;
   * other pods bound here are failed with reason `HostProcessesNotTolerated`. Default false.
   */
  readonly onlyTolerating?: boolean;
  /** Address reported as the node's InternalIP, the pods' hostIP and podIP; the log server binds to it. */
  readonly address?: string;
  /** Port of the log server (0: any free port). */
  readonly port?: number;
  readonly clock?: Clock;
  readonly spawner?: ProcessSpawner;
  readonly configSource?: PodConfigSource;
  /** Runs startup/readiness/liveness probes. Default: exec, httpGet and tcpSocket on the host. */
  readonly probeRunner?: ProbeRunner;
  /** Enforces memory limits (OOMKilled). Default: the host's /proc or ps; `null` turns enforcement off. */
  readonly memoryProbe?: MemoryProbe | null;
  readonly logger?: Logger;
  /** Names of the kubelet's own environment variables that every container inherits. Default PATH, LANG, TZ, USER. */
  readonly inheritEnv?: readonly string[];
  /** Longest grace period granted to pods when the kubelet itself stops. Default 10 s. */
  readonly shutdownGracePeriodSeconds?: number;
  /** Interval of the node heartbeat (Lease and Ready condition). Default 10 s. */
  readonly heartbeatSeconds?: number;
  /** Back-off tuning of the pod workers (tests shorten them). */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly retryMs?: number;
}

interface PodEntry {
  readonly uid: string;
  pod: V1Pod;
  readonly worker: PodWorker;
  readonly dirs: PodDirs;
  conditions?: PodConditionJson[];
  pushing: boolean;
  dirty: boolean;
  flushed: Promise<void>;
  terminating: boolean;
  gone: boolean;
}

const VERSION = "v1.31.0-weft";

const MERGE = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/**
 * A kubelet that runs pods as host processes. It registers its Node, watches the pods bound to it (and, with
 * `schedule`, binds unscheduled ones), runs each in a `PodWorker`, reports pod status through the status
 * subresource, serves container logs on `/containerLogs` (advertised in the Node's `daemonEndpoints`), and on
 * pod deletion stops the processes within the grace period before removing the pod object.
 */
export class Kubelet implements PodLogSource {
  readonly nodeName: string;
  readonly #o: KubeletOptions;
  readonly #core: CoreV1Api;
  readonly #leases: CoordinationV1Api;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #spawner: ProcessSpawner;
  readonly #source: PodConfigSource;
  readonly #memory: MemoryProbe | undefined;
  readonly #probes: ProbeRunner;
  readonly #logs: LogStore;
  readonly #events: EventRecorder;
  readonly #server: LogServer;
  readonly #pods = new Map<string, PodEntry>();
  readonly #finished = new Set<string>();
  readonly #binding = new Set<string>();
  readonly #previousRun = new Set<string>();
  readonly #lost = new Set<string>();
  readonly #watches: PodWatch[] = [];
  #facts: NodeFacts | undefined;
  #readySince = 0;
  #cancelHeartbeat: (() => void) | undefined;
  #leaseMissing = false;
  #stopped = false;
  /** Stopped with leavePodsRunning: report nothing more about the pods. */
  #detached = false;
  readonly #abort = new AbortController();

  constructor(options: KubeletOptions) {
    validateKubeletOptions(options);
    this.#o = options;
    this.nodeName = options.nodeName;
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#leases = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.#clock = options.clock ?? systemClock;
    this.#logger = (options.logger ?? pino({ level: "silent" })).child({ node: options.nodeName });
    this.#spawner = options.spawner ?? new HostProcessSpawner();
    this.#source = options.configSource ?? new ApiConfigSource(this.#core);
    this.#memory = options.memoryProbe === null ? undefined : (options.memoryProbe ?? new HostMemoryProbe());
    this.#probes = options.probeRunner ?? new HostProbeRunner(this.#spawner);
    this.#logs = new LogStore(this.#clock);
    this.#events = new EventRecorder(this.#core, options.nodeName, this.#clock, this.#logger);
    this.#server = new LogServer(this);
  }

  get address(): string {
    return this.#o.address ?? "127.0.0.1";
  }

  /** Starts the log server, registers the Node and starts watching pods; resolves once the first lists are in. */
  async start(): Promise<void> {
    const port = await this.#server.listen(this.#o.port ?? 0, this.address);
    const { cpu, memoryBytes } = hostResources();
    this.#facts = {
      name: this.nodeName,
      address: this.address,
      kubeletPort: port,
      cpu,
      memoryBytes,
      maxPods: 110,
      version: VERSION,
    };
    this.#readySince = this.#clock.now();
    await this.#registerNode();
    await this.#heartbeat();
    this.#scheduleHeartbeat();
    await this.#cleanUpPreviousRun();
    const base = {
      kubeConfig: this.#o.kubeConfig,
      core: this.#core,
      clock: this.#clock,
      logger: this.#logger,
    };
    const mine = new PodWatch(
      { ...base, fieldSelector: `spec.nodeName=${this.nodeName}` },
      { onList: (pods) => this.#syncAll(pods), onEvent: (type, pod) => this.#onPodEvent(type, pod) },
    );
    this.#watches.push(mine);
    if (this.#o.schedule === true) {
      this.#watches.push(
        new PodWatch(
          { ...base, fieldSelector: "spec.nodeName=" },
          {
            onList: (pods) => {
              for (const p of pods) this.#maybeBind(p);
            },
            onEvent: (type, pod) => {
              if (type !== "DELETED") this.#maybeBind(pod);
            },
          },
        ),
      );
    }
    for (const w of this.#watches) w.start();
    await Promise.all(this.#watches.map((w) => w.synced));
    this.#logger.info({ port, schedule: this.#o.schedule === true }, "kubelet started");
  }

  /** The port of the container-log server. */
  get port(): number {
    return this.#facts?.kubeletPort ?? 0;
  }

  /**
   * Stops watching, stops every pod (SIGTERM, SIGKILL after min(its grace period, shutdownGracePeriodSeconds)),
   * reports them Failed with reason `Terminated` as graceful node shutdown does, marks the Node NotReady.
   * `leavePodsRunning` only stops watching and serving, leaving the processes as a crash would.
   */
  async stop(options: { leavePodsRunning?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort(new Error("kubelet stopped"));
    this.#cancelHeartbeat?.();
    await Promise.all(this.#watches.map((w) => w.stop()));
    if (options.leavePodsRunning === true) {
      this.#detached = true;
      for (const entry of this.#pods.values()) entry.worker.abandon();
      // What a crash leaves behind; the next kubelet on this rootDir cleans it up (see #cleanUpPreviousRun).
      await this.#server.close();
      return;
    }
    const cap = this.#o.shutdownGracePeriodSeconds ?? 10;
    await Promise.all(
      [...this.#pods.values()].map(async (entry) => {
        const done = this.#finished.has(entry.uid);
        await entry.worker.stop({
          gracePeriodSeconds: Math.min(cap, entry.pod.spec?.terminationGracePeriodSeconds ?? 30),
          ...(done
            ? {}
            : {
                terminal: {
                  phase: "Failed" as const,
                  reason: "Terminated",
                  message: "Pod was terminated in response to imminent node shutdown.",
                },
              }),
        });
        if (!done) await this.#pushStatus(entry);
      }),
    );
    await this.#patchNode(false).catch((err: unknown) =>
      this.#logger.debug({ err: String(err) }, "could not mark node NotReady"),
    );
    await this.#server.close();
    this.#logger.info("kubelet stopped");
  }

  /** The worker of the pod `namespace/name` this kubelet runs or ran (for tests and diagnostics). */
  worker(namespace: string, name: string): PodWorker | undefined {
    return this.#find(namespace, name)?.worker;
  }

  // ---- logs -------------------------------------------------------------------------------------------------

  async openLog(request: PodLogRequest, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const entry = this.#find(request.namespace, request.name);
    if (entry === undefined) {
      throw new PodLogError(
        404,
        `pod "${request.name}" in namespace "${request.namespace}" is not on node ${this.nodeName}`,
      );
    }
    const rt = entry.worker.runtime;
    const all = [...rt.initContainers, ...rt.containers];
    const name = request.container ?? (rt.containers.length === 1 ? rt.containers[0]?.name : undefined);
    const container = all.find((c) => c.name === name);
    if (container === undefined) {
      throw new PodLogError(
        400,
        name === undefined
          ? `a container name must be specified for pod ${request.name}, choose one of: [${rt.containers.map((c) => c.name).join(" ")}]`
          : `container ${name} is not valid for pod ${request.name}`,
      );
    }
    const runs = entry.worker.logRuns(container.name);
    const path = request.previous === true ? runs.at(-2) : runs.at(-1);
    if (path === undefined) {
      if (request.previous === true) {
        throw new PodLogError(
          400,
          `previous terminated container "${container.name}" in pod "${request.name}" not found`,
        );
      }
      const reason = container.state.kind === "waiting" ? container.state.reason : "ContainerCreating";
      throw new PodLogError(
        400,
        `container "${container.name}" in pod "${request.name}" is waiting to start: ${reason}`,
      );
    }
    const since =
      request.sinceTime !== undefined
        ? Date.parse(request.sinceTime)
        : request.sinceSeconds !== undefined
          ? this.#clock.now() - request.sinceSeconds * 1000
          : undefined;
    return this.#logs.read(
      path,
      {
        follow: request.follow === true && request.previous !== true,
        timestamps: request.timestamps === true,
        ...(request.tailLines === undefined ? {} : { tailLines: request.tailLines }),
        ...(request.limitBytes === undefined ? {} : { limitBytes: request.limitBytes }),
        ...(since === undefined ? {} : { sinceTime: since }),
      },
      signal,
    );
  }

  #find(namespace: string, name: string): PodEntry | undefined {
    let found: PodEntry | undefined;
    for (const e of this.#pods.values()) {
      if (e.pod.metadata?.namespace === namespace && e.pod.metadata?.name === name && !e.gone) found = e;
    }
    return found;
  }

  // ---- node ---------------------------------------------------------------------------------------------------

  async #registerNode(): Promise<void> {
    const facts = this.#facts;
    if (facts === undefined) return;
    try {
      await this.#core.createNode({
        body: {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: this.nodeName, labels: nodeLabels(this.nodeName) },
          ...(this.#o.onlyTolerating === true
            ? { spec: { taints: [{ key: HOST_PROCESS_TAINT, value: "true", effect: "NoSchedule" }] } }
            : {}),
        },
      });
      this.#logger.info("registered node");
    } catch (err) {
      if (!hasCode(err, 409)) throw err;
    }
    await this.#patchNode(true);
  }

  async #patchNode(ready: boolean): Promise<void> {
    const facts = this.#facts;
    if (facts === undefined) return;
    await this.#core.patchNodeStatus(
      {
        name: this.nodeName,
        body: { status: nodeStatus(facts, this.#clock.now(), ready, this.#readySince) },
      },
      MERGE,
    );
  }

  #scheduleHeartbeat(): void {
    const every = (this.#o.heartbeatSeconds ?? 10) * 1000;
    this.#cancelHeartbeat = this.#clock.setTimer(every, () => {
      void this.#heartbeat().finally(() => {
        if (!this.#stopped) this.#scheduleHeartbeat();
      });
    });
  }

  async #heartbeat(): Promise<void> {
    await this.#patchNode(true).catch((err: unknown) =>
      this.#logger.warn({ err: String(err) }, "node heartbeat failed"),
    );
    if (this.#leaseMissing) return;
    // MicroTime: kube-apiserver parses renewTime with exactly six fractional digits.
    const now = new V1MicroTime(this.#clock.now());
    const spec = { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: now };
    try {
      const lease = await this.#leases.readNamespacedLease({
        name: this.nodeName,
        namespace: "kube-node-lease",
      });
      await this.#leases.replaceNamespacedLease({
        name: this.nodeName,
        namespace: "kube-node-lease",
        body: { ...lease, spec: { ...lease.spec, ...spec } },
      });
    } catch (err) {
      if (!hasCode(err, 404)) return;
      await this.#leases
        .createNamespacedLease({
          namespace: "kube-node-lease",
          body: { metadata: { name: this.nodeName }, spec },
        })
        .catch(() => {
          // No kube-node-lease namespace (the embedded server has none by default): heartbeat via Node status only.
          this.#leaseMissing = true;
        });
    }
  }

  /**
   * Before running anything: kill process groups an earlier kubelet left running under rootDir, remove the
   * directories of pods that are gone, and remember which bound pods had already started (they are not re-run
   * under restartPolicy Never; see `lostPodStatus`).
   */
  async #cleanUpPreviousRun(): Promise<void> {
    const list = await this.#core.listPodForAllNamespaces({
      fieldSelector: `spec.nodeName=${this.nodeName}`,
    });
    const keep = new Set<string>();
    for (const pod of list.items) {
      const uid = pod.metadata?.uid;
      if (uid === undefined) continue;
      keep.add(uid);
      const phase = pod.status?.phase;
      if (phase !== "Succeeded" && phase !== "Failed" && podHasStarted(pod)) this.#previousRun.add(uid);
    }
    const result = await cleanLeftovers(this.#o.rootDir, keep);
    if (result.killed.length > 0 || result.removed.length > 0 || result.unverified.length > 0) {
      this.#logger.info(result, "cleaned up after the previous kubelet run");
    }
  }

  /** Admission refused: the pod fails at once, as a kubelet reports a pod it does not admit. */
  async #reject(pod: V1Pod, reason: string, message: string): Promise<void> {
    const name = pod.metadata?.name ?? "";
    const namespace = pod.metadata?.namespace ?? "default";
    this.#logger.warn({ pod: `${namespace}/${name}`, reason }, message);
    this.#events.record(pod, "Warning", reason, message);
    await this.#retry(
      `reject pod ${namespace}/${name}`,
      () =>
        this.#core.patchNamespacedPodStatus(
          { name, namespace, body: { status: { phase: "Failed", reason, message } } },
          MERGE,
        ),
      (err) => hasCode(err, 404),
    );
  }

  /** A pod that ran under an earlier kubelet and must not run again: report it Failed (ContainerStatusUnknown). */
  async #reportLost(pod: V1Pod): Promise<void> {
    const status = lostPodStatus(pod, this.#clock.now(), this.address);
    const name = pod.metadata?.name ?? "";
    const namespace = pod.metadata?.namespace ?? "default";
    this.#logger.info(
      { pod: `${namespace}/${name}` },
      "containers lost with the previous kubelet run; pod Failed",
    );
    await this.#retry(
      `report lost pod ${namespace}/${name}`,
      () => this.#core.patchNamespacedPodStatus({ name, namespace, body: { status } }, MERGE),
      (err) => hasCode(err, 404),
    );
  }

  // ---- scheduling ---------------------------------------------------------------------------------------------

  #maybeBind(pod: V1Pod): void {
    const meta = pod.metadata;
    const spec = pod.spec;
    if (meta?.name === undefined || meta.uid === undefined || spec === undefined) return;
    if ((spec.nodeName ?? "") !== "" || meta.deletionTimestamp !== undefined) return;
    if (spec.schedulerName !== undefined && spec.schedulerName !== "default-scheduler") return;
    // A nodeSelector this node's labels do not satisfy stays Pending, as it would with the real scheduler.
    const labels = nodeLabels(this.nodeName);
    if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return;
    if (this.#o.onlyTolerating === true && !toleratesHostProcesses(pod)) return;
    if (this.#binding.has(meta.uid) || this.#stopped) return;
    this.#binding.add(meta.uid);
    const namespace = meta.namespace ?? "default";
    const { name, uid } = meta;
    const bind = () =>
      this.#core.createNamespacedPodBinding({
        name,
        namespace,
        body: {
          apiVersion: "v1",
          kind: "Binding",
          metadata: { name, namespace, uid },
          target: { apiVersion: "v1", kind: "Node", name: this.nodeName },
        },
      });
    // 409: bound meanwhile (by us or a scheduler); 404: deleted meanwhile. Anything else is retried.
    void this.#retry(`bind ${namespace}/${meta.name}`, bind, (err) => hasCode(err, 409) || hasCode(err, 404))
      .then((ok) => {
        if (ok) {
          this.#events.record(
            pod,
            "Normal",
            "Scheduled",
            `Successfully assigned ${namespace}/${meta.name} to ${this.nodeName}`,
            "default-scheduler",
          );
        }
      })
      .finally(() => this.#binding.delete(uid));
  }

  /**
   * Calls `fn` until it succeeds (true), fails in a way `final` accepts as settled (false), or the kubelet
   * stops (false). Waits 250 ms doubling to 30 s between attempts.
   */
  async #retry(what: string, fn: () => Promise<unknown>, final: (err: unknown) => boolean): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await fn();
        return true;
      } catch (err) {
        if (final(err)) return false;
        if (this.#stopped) return false;
        this.#logger.warn({ err: String(err), attempt }, `${what} failed; retrying`);
        await sleep(this.#clock, Math.min(30_000, 250 * 2 ** attempt), this.#abort.signal).catch(() => {});
      }
    }
  }

  // ---- pods ---------------------------------------------------------------------------------------------------

  #syncAll(pods: V1Pod[]): void {
    const seen = new Set<string>();
    for (const pod of pods) {
      const uid = pod.metadata?.uid;
      if (uid !== undefined) seen.add(uid);
      this.#handle(pod);
    }
    for (const entry of this.#pods.values()) if (!seen.has(entry.uid)) this.#gone(entry);
  }

  #onPodEvent(type: "ADDED" | "MODIFIED" | "DELETED", pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (type === "DELETED") {
      if (uid !== undefined) {
        this.#previousRun.delete(uid);
        this.#lost.delete(uid);
      }
      const entry = uid === undefined ? undefined : this.#pods.get(uid);
      if (entry !== undefined) this.#gone(entry);
      return;
    }
    this.#handle(pod);
  }

  #handle(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (uid === undefined || this.#stopped) return;
    const entry = this.#pods.get(uid);
    if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) {
      if (entry === undefined) {
        void this.#deleteObject(pod);
      } else {
        entry.pod = pod;
        this.#terminate(entry);
      }
      return;
    }
    if (entry !== undefined) {
      entry.pod = pod;
      return;
    }
    const phase = pod.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return;
    if (this.#previousRun.has(uid)) {
      if ((pod.spec?.restartPolicy ?? "Always") === "Never") {
        if (!this.#lost.has(uid)) {
          this.#lost.add(uid);
          void this.#reportLost(pod);
        }
        return;
      }
      this.#previousRun.delete(uid);
    }
    if (this.#o.onlyTolerating === true && !toleratesHostProcesses(pod)) {
      if (!this.#lost.has(uid)) {
        this.#lost.add(uid);
        void this.#reject(pod, "HostProcessesNotTolerated", HOST_PROCESS_REJECTION);
      }
      return;
    }
    this.#startPod(pod, uid);
  }

  #startPod(pod: V1Pod, uid: string): void {
    const namespace = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    const dirs = new PodDirs(this.#o.rootDir, namespace, name, uid);
    const inherited: Record<string, string> = {};
    for (const key of this.#o.inheritEnv ?? ["PATH", "LANG", "TZ", "USER"]) {
      const v = process.env[key];
      if (v !== undefined) inherited[key] = v;
    }
    const memory = this.#facts?.memoryBytes ?? 0;
    let entry: PodEntry | undefined;
    const worker = new PodWorker({
      pod,
      dirs,
      kubeletRoot: this.#o.rootDir,
      clock: this.#clock,
      spawner: this.#spawner,
      logs: this.#logs,
      source: this.#source,
      env: {
        hostIP: this.address,
        podIP: this.address,
        allocatableCpu: this.#facts?.cpu ?? 1,
        allocatableMemory: memory,
      },
      inheritedEnv: inherited,
      token: (ns, account, audience, expirationSeconds) =>
        this.#token(ns, account, audience, expirationSeconds),
      onChange: () => {
        if (entry !== undefined) this.#markDirty(entry);
      },
      onEvent: (type, reason, message) => {
        if (!this.#detached) this.#events.record(entry?.pod ?? pod, type, reason, message);
      },
      ...(this.#o.initialBackoffMs === undefined ? {} : { initialBackoffMs: this.#o.initialBackoffMs }),
      ...(this.#o.maxBackoffMs === undefined ? {} : { maxBackoffMs: this.#o.maxBackoffMs }),
      ...(this.#o.retryMs === undefined ? {} : { retryMs: this.#o.retryMs }),
      ...(this.#memory === undefined ? {} : { memoryProbe: this.#memory }),
      probeRunner: this.#probes,
    });
    entry = {
      uid,
      pod,
      worker,
      dirs,
      pushing: false,
      dirty: false,
      flushed: Promise.resolve(),
      terminating: false,
      gone: false,
    };
    this.#pods.set(uid, entry);
    this.#logger.info({ pod: `${namespace}/${name}`, uid }, "starting pod");
    this.#markDirty(entry);
    const started = entry;
    worker.done.then(
      () => {
        this.#finished.add(uid);
        this.#markDirty(started);
      },
      (err: unknown) =>
        this.#logger.error({ err: String(err), pod: `${namespace}/${name}` }, "pod worker crashed"),
    );
  }

  /** Pod deleted gracefully: stop its processes within the grace period, report, then remove the object. */
  #terminate(entry: PodEntry): void {
    if (entry.terminating) return;
    entry.terminating = true;
    const meta = entry.pod.metadata;
    const grace = meta?.deletionGracePeriodSeconds ?? entry.pod.spec?.terminationGracePeriodSeconds ?? 30;
    void (async () => {
      await entry.worker.stop({ gracePeriodSeconds: grace });
      await this.#pushStatus(entry);
      await this.#deleteObject(entry.pod);
    })();
  }

  /** Pod object removed (or no longer bound here): kill what runs and remove its files. */
  #gone(entry: PodEntry): void {
    if (entry.gone) return;
    entry.gone = true;
    void (async () => {
      await entry.worker.stop({ gracePeriodSeconds: entry.pod.spec?.terminationGracePeriodSeconds ?? 30 });
      this.#pods.delete(entry.uid);
      this.#finished.delete(entry.uid);
      this.#logs.forget(entry.dirs.root);
      await rm(entry.dirs.root, { recursive: true, force: true });
    })();
  }

  /** Removes the pod object (grace 0, uid precondition), retrying until it is gone. */
  async #deleteObject(pod: V1Pod): Promise<void> {
    const name = pod.metadata?.name ?? "";
    const namespace = pod.metadata?.namespace ?? "default";
    const remove = () =>
      this.#core.deleteNamespacedPod({
        name,
        namespace,
        body: {
          gracePeriodSeconds: 0,
          ...(pod.metadata?.uid === undefined ? {} : { preconditions: { uid: pod.metadata.uid } }),
        },
      });
    await this.#retry(
      `remove pod ${namespace}/${name}`,
      remove,
      (err) => hasCode(err, 404) || hasCode(err, 409),
    );
  }

  #markDirty(entry: PodEntry): void {
    entry.dirty = true;
    if (!entry.pushing) entry.flushed = this.#pushLoop(entry);
  }

  /** Pushes the latest status; resolves once no change is left unsent. */
  #pushStatus(entry: PodEntry): Promise<void> {
    entry.dirty = true;
    if (!entry.pushing) entry.flushed = this.#pushLoop(entry);
    return entry.flushed;
  }

  async #pushLoop(entry: PodEntry): Promise<void> {
    entry.pushing = true;
    let failures = 0;
    try {
      while (entry.dirty && !entry.gone && !this.#detached) {
        entry.dirty = false;
        const status = computePodStatus(
          entry.pod,
          entry.worker.runtime,
          this.#clock.now(),
          this.address,
          entry.conditions,
        );
        try {
          await this.#core.patchNamespacedPodStatus(
            {
              name: entry.pod.metadata?.name ?? "",
              namespace: entry.pod.metadata?.namespace ?? "default",
              body: { status },
            },
            MERGE,
          );
          entry.conditions = status.conditions;
          failures = 0;
        } catch (err) {
          if (hasCode(err, 404)) return;
          failures++;
          // While stopping, do not hold the shutdown hostage to an unreachable API server.
          if (this.#stopped && failures >= 3) return;
          entry.dirty = true;
          this.#logger.warn(
            { err: String(err), pod: entry.pod.metadata?.name },
            "status update failed; retrying",
          );
          await new Promise<void>((resolve) =>
            this.#clock.setTimer(Math.min(30_000, 250 * 2 ** failures), resolve),
          );
        }
      }
    } finally {
      entry.pushing = false;
    }
  }

  async #token(namespace: string, account: string, audience: string | undefined, expirationSeconds: number) {
    try {
      const res = await this.#core.createNamespacedServiceAccountToken({
        name: account,
        namespace,
        body: { spec: { audiences: audience === undefined ? [] : [audience], expirationSeconds } },
      });
      return res.status?.token ?? "";
    } catch (err) {
      this.#logger.debug({ err: String(err), account }, "no service account token; writing an empty one");
      return "";
    }
  }
}

function hasCode(err: unknown, code: number): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === code;
}
