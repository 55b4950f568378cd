import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { V1Container, V1Pod, V1Probe } from "@kubernetes/client-node";
import type { Clock } from "./clock.js";
import { sleep } from "./clock.js";
import type { PodConfigSource } from "./config-source.js";
import { ContainerConfigError } from "./container-config-error.js";
import type { ContainerLaunch, LaunchContext } from "./container-launch.js";
import { prepareLaunch } from "./container-launch.js";
import type { EnvContext } from "./env.js";
import type { LogStore } from "./log-store.js";
import type { MemoryProbe } from "./memory-probe.js";
import type { PodDirs } from "./pod-dirs.js";
import type { ContainerRuntime, PodRuntime, TerminatedState } from "./pod-status.js";
import type { ProbeRunner } from "./probe-runner.js";
import type { ProcessHandle, ProcessSpawner } from "./process-spawner.js";
import { exitCodeOf } from "./process-spawner.js";
import { parseQuantity } from "./quantity.js";
import type { ServiceAccountTokenSource } from "./volumes.js";
import { setUpVolumes, VolumeSetupError } from "./volumes.js";

export type PodEventType = "Normal" | "Warning";
/** Receives the events a kubelet records for a pod (Started, Killing, BackOff, FailedMount ...). */
export type PodEventSink = (type: PodEventType, reason: string, message: string) => void;

export interface PodWorkerOptions {
  readonly pod: V1Pod;
  readonly dirs: PodDirs;
  readonly kubeletRoot: string;
  readonly clock: Clock;
  readonly spawner: ProcessSpawner;
  readonly logs: LogStore;
  readonly source: PodConfigSource;
  readonly env: EnvContext;
  readonly inheritedEnv: Readonly<Record<string, string>>;
  readonly token?: ServiceAccountTokenSource;
  /** Called whenever the runtime state changed; the kubelet then pushes the status. */
  readonly onChange: () => void;
  readonly onEvent?: PodEventSink;
  /** Crash-loop back-off: first restart immediate, then `initialBackoffMs` doubling up to `maxBackoffMs`. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Wait between attempts to set up volumes or resolve config that is missing. */
  readonly retryMs?: number;
  /**
   * Enforces `resources.limits.memory`: a container whose process group's resident memory exceeds it is killed
   * with SIGKILL and reported `OOMKilled` (exit code 137). Without a probe, limits are not enforced.
   */
  readonly memoryProbe?: MemoryProbe;
  /** How often the memory of a limited container is sampled. Default 1000 ms. */
  readonly memoryCheckMs?: number;
  /** Runs startup, readiness and liveness probes. Without it probes are ignored (a running container is ready). */
  readonly probeRunner?: ProbeRunner;
}

/** Why the kubelet stops a pod, and the phase it then reports (deletion keeps what the containers say). */
export interface StopRequest {
  readonly gracePeriodSeconds: number;
  readonly terminal?: NonNullable<PodRuntime["terminal"]>;
}

const DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";
/** A container that ran this long has its back-off reset, as in the kubelet (2 × the 5 min cap). */
const BACKOFF_RESET_MS = 10 * 60 * 1000;

class Stopped extends Error {}

/**
 * Runs one pod as host processes: sets up its volumes, runs the init containers one after the other (each must
 * exit 0), then starts the containers together, restarts them as `restartPolicy` says with crash-loop back-off,
 * enforces `activeDeadlineSeconds`, and on `stop` sends SIGTERM to every process group, then SIGKILL once the
 * grace period has passed.
 */
export class PodWorker {
  readonly runtime: PodRuntime;
  /** Settles when the pod has nothing more to run: all containers finished for good, or it was stopped. */
  readonly done: Promise<void>;
  readonly #o: PodWorkerOptions;
  readonly #abort = new AbortController();
  readonly #handles = new Map<string, ProcessHandle>();
  readonly #logRuns = new Map<string, string[]>();
  #stopping: Promise<void> | undefined;
  #stopRequested = false;
  #abandoned = false;
  readonly #startWaiters = new Set<() => boolean>();
  #cancelDeadline: (() => void) | undefined;

  constructor(options: PodWorkerOptions) {
    this.#o = options;
    const spec = options.pod.spec;
    const hasInit = (spec?.initContainers?.length ?? 0) > 0;
    const entry = (c: V1Container): ContainerRuntime => ({
      name: c.name,
      image: c.image ?? "",
      state: { kind: "waiting", reason: hasInit ? "PodInitializing" : "ContainerCreating" },
      restartCount: 0,
      ...(c.restartPolicy === "Always" ? { sidecar: true } : {}),
    });
    this.runtime = {
      initContainers: (spec?.initContainers ?? []).map(entry),
      containers: (spec?.containers ?? []).map(entry),
      sandboxReady: false,
    };
    this.done = this.#run().catch((err: unknown) => {
      if (!(err instanceof Stopped)) throw err;
    });
  }

  get pod(): V1Pod {
    return this.#o.pod;
  }

  /** Paths of the log files of each run of `container`, oldest first. */
  logRuns(container: string): readonly string[] {
    return this.#logRuns.get(container) ?? [];
  }

  /** Stops the pod: SIGTERM to every running container's process group, SIGKILL after the grace period. */
  stop(request: StopRequest): Promise<void> {
    if (this.#stopping !== undefined) return this.#stopping;
    this.#stopRequested = true;
    this.#stopping = this.#stop(request);
    return this.#stopping;
  }

  get stopping(): boolean {
    return this.#stopRequested || this.#abandoned;
  }

  /**
   * Lets go of the pod without touching its processes (what a kubelet crash amounts to): nothing is started or
   * restarted any more, timers are cancelled, running processes are left alone.
   */
  abandon(): void {
    this.#abandoned = true;
    this.#cancelDeadline?.();
    this.#abort.abort(new Stopped("pod abandoned"));
    this.#wake();
  }

  async #stop(request: StopRequest): Promise<void> {
    this.#cancelDeadline?.();
    // Decided before the processes die, so no status in between shows the phase without its reason.
    if (request.terminal !== undefined) this.runtime.terminal = request.terminal;
    this.#abort.abort(new Stopped("pod stopped"));
    this.#wake();
    const graceMs = Math.max(0, request.gracePeriodSeconds) * 1000;
    const handles = [...this.#handles.entries()];
    const cancels: (() => void)[] = [];
    for (const [name, handle] of handles) {
      this.#event("Normal", "Killing", `Stopping container ${name}`);
      handle.kill("SIGTERM");
      cancels.push(this.#o.clock.setTimer(graceMs, () => handle.kill("SIGKILL")));
    }
    await Promise.all(handles.map(([, h]) => h.exited));
    for (const cancel of cancels) cancel();
    await this.done;
    if (this.runtime.terminal === undefined) {
      // A stopped pod never runs again: it ends Succeeded only if every container completed with 0.
      const ok = this.runtime.containers.every(
        (c) => c.state.kind === "terminated" && c.state.exitCode === 0,
      );
      this.runtime.terminal = { phase: ok ? "Succeeded" : "Failed" };
    }
    this.#changed();
  }

  async #run(): Promise<void> {
    const { pod, clock } = this.#o;
    this.runtime.startTime = clock.now();
    const deadline = pod.spec?.activeDeadlineSeconds;
    if (deadline !== undefined) {
      this.#cancelDeadline = clock.setTimer(deadline * 1000, () => {
        this.#event("Warning", "DeadlineExceeded", DEADLINE_MESSAGE);
        void this.stop({
          gracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds ?? 30,
          terminal: { phase: "Failed", reason: "DeadlineExceeded", message: DEADLINE_MESSAGE },
        });
      });
    }
    this.#changed();
    const volumes = await this.#setUpVolumes();
    this.runtime.sandboxReady = true;
    this.#changed();
    const launch: LaunchContext = {
      dirs: this.#o.dirs,
      volumes,
      source: this.#o.source,
      env: this.#o.env,
      inherited: this.#o.inheritedEnv,
      kubeletRoot: this.#o.kubeletRoot,
    };
    const policy = pod.spec?.restartPolicy ?? "Always";
    const inits = pod.spec?.initContainers ?? [];
    const sidecars: { name: string; done: Promise<boolean> }[] = [];
    const sidecarsEnd = new AbortController();
    for (const [i, spec] of inits.entries()) {
      const rt = this.runtime.initContainers[i];
      if (rt === undefined) continue;
      if (spec.restartPolicy === "Always") {
        // A sidecar: started in init order, restarted whenever it exits, until the containers are done.
        const started = this.#whenStarted(rt);
        sidecars.push({
          name: spec.name,
          done: this.#runLoop(spec, rt, launch, () => !sidecarsEnd.signal.aborted, false, sidecarsEnd.signal),
        });
        if (!(await started)) return;
        continue;
      }
      const ok = await this.#runLoop(
        spec,
        rt,
        launch,
        (exit) => exit.exitCode !== 0 && policy !== "Never",
        true,
      );
      if (!ok) {
        this.#cancelDeadline?.();
        await this.#endSidecars(sidecars, sidecarsEnd);
        this.#changed();
        return;
      }
    }
    for (const rt of this.runtime.containers) {
      if (rt.state.kind === "waiting") rt.state = { kind: "waiting", reason: "ContainerCreating" };
    }
    await Promise.all(
      (pod.spec?.containers ?? []).map((spec, i) => {
        const rt = this.runtime.containers[i];
        if (rt === undefined) return Promise.resolve(true);
        return this.#runLoop(
          spec,
          rt,
          launch,
          (exit) => policy === "Always" || (policy === "OnFailure" && exit.exitCode !== 0),
          false,
        );
      }),
    );
    this.#cancelDeadline?.();
    await this.#endSidecars(sidecars, sidecarsEnd);
    this.#changed();
  }

  /** Once the containers are done for good: SIGTERM the sidecars (in reverse order), SIGKILL after the grace period. */
  async #endSidecars(
    sidecars: { name: string; done: Promise<boolean> }[],
    end: AbortController,
  ): Promise<void> {
    if (sidecars.length === 0) return;
    end.abort();
    const graceMs = (this.#o.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    for (const { name, done } of [...sidecars].reverse()) {
      const handle = this.#handles.get(name);
      if (handle !== undefined) {
        this.#event("Normal", "Killing", `Stopping container ${name}`);
        handle.kill("SIGTERM");
        const cancel = this.#o.clock.setTimer(graceMs, () => handle.kill("SIGKILL"));
        await done;
        cancel();
      } else {
        await done;
      }
    }
  }

  /** Resolves true once `rt` runs and passed its startup probe, false if the pod stops first. */
  #whenStarted(rt: ContainerRuntime): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (this.stopping) {
          resolve(false);
          return true;
        }
        if (rt.state.kind === "running" && rt.started !== false) {
          resolve(true);
          return true;
        }
        return false;
      };
      if (!check()) this.#startWaiters.add(check);
    });
  }

  /** The runtime changed: wake waiters, tell the kubelet. */
  #changed(): void {
    this.#wake();
    this.#o.onChange();
  }

  /** Re-checks whoever waits for a sidecar to start (also when the pod stops: they then give up). */
  #wake(): void {
    for (const waiter of [...this.#startWaiters]) if (waiter()) this.#startWaiters.delete(waiter);
  }

  async #setUpVolumes(): Promise<Map<string, string>> {
    for (;;) {
      this.#checkStopped();
      try {
        const options = { source: this.#o.source, env: this.#o.env };
        return await setUpVolumes(
          this.#o.pod,
          this.#o.dirs,
          this.#o.token === undefined ? options : { ...options, token: this.#o.token },
        );
      } catch (err) {
        if (!(err instanceof VolumeSetupError)) throw err;
        this.#event("Warning", "FailedMount", err.message);
        await sleep(this.#o.clock, this.#o.retryMs ?? 2000, this.#abort.signal);
      }
    }
  }

  /** Runs a container until `restart` says no more; resolves whether its last run exited 0. */
  async #runLoop(
    spec: V1Container,
    rt: ContainerRuntime,
    launch: LaunchContext,
    restart: (exit: TerminatedState) => boolean,
    init: boolean,
    end?: AbortSignal,
  ): Promise<boolean> {
    let backoffMs = 0;
    const backoffSignal = end === undefined ? this.#abort.signal : AbortSignal.any([this.#abort.signal, end]);
    for (let run = 0; ; run++) {
      const exit = await this.#runOnce(spec, rt, launch, run, init, backoffSignal);
      if (exit === undefined || this.stopping || !restart(exit)) return exit?.exitCode === 0;
      if (exit.finishedAt - exit.startedAt >= BACKOFF_RESET_MS) backoffMs = 0;
      if (backoffMs > 0) {
        const pod = this.#o.pod.metadata;
        rt.lastState = exit;
        rt.state = {
          kind: "waiting",
          reason: "CrashLoopBackOff",
          message: `back-off ${backoffMs / 1000}s restarting failed container=${spec.name} pod=${pod?.name}_${pod?.namespace}(${pod?.uid})`,
        };
        this.#event(
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${spec.name} in pod ${pod?.name}`,
        );
        this.#changed();
        try {
          await sleep(this.#o.clock, backoffMs, backoffSignal);
        } catch {
          rt.state = exit;
          delete rt.lastState;
          return exit.exitCode === 0;
        }
      }
      rt.lastState = exit;
      rt.restartCount++;
      backoffMs = backoffMs === 0 ? (this.#o.initialBackoffMs ?? 10_000) : backoffMs * 2;
      backoffMs = Math.min(backoffMs, this.#o.maxBackoffMs ?? 300_000);
    }
  }

  /** One run of a container; `undefined` when the pod was stopped before the process started. */
  async #runOnce(
    spec: V1Container,
    rt: ContainerRuntime,
    launch: LaunchContext,
    run: number,
    init: boolean,
    signal: AbortSignal,
  ): Promise<TerminatedState | undefined> {
    const { clock, dirs, logs, spawner } = this.#o;
    let prepared: Awaited<ReturnType<typeof prepareLaunch>>;
    for (;;) {
      if (this.stopping || signal.aborted) return undefined;
      try {
        prepared = await prepareLaunch(this.#o.pod, spec, launch);
        break;
      } catch (err) {
        if (!(err instanceof ContainerConfigError || err instanceof VolumeSetupError)) throw err;
        rt.state = { kind: "waiting", reason: "CreateContainerConfigError", message: err.message };
        this.#event("Warning", "Failed", `Error: ${err.message}`);
        this.#changed();
        try {
          await sleep(clock, this.#o.retryMs ?? 2000, signal);
        } catch {
          return undefined;
        }
      }
    }
    if (this.stopping || signal.aborted) return undefined;
    const logPath = dirs.log(spec.name, run);
    const writer = logs.open(logPath);
    const runs = this.#logRuns.get(spec.name) ?? [];
    runs.push(logPath);
    this.#logRuns.set(spec.name, runs);
    const startedAt = clock.now();
    const handle = spawner.spawn({
      command: prepared.command,
      args: prepared.args,
      env: prepared.env,
      cwd: prepared.cwd,
      onStdout: (chunk) => writer.write("stdout", chunk),
      onStderr: (chunk) => writer.write("stderr", chunk),
    });
    if (handle.pid > 0) {
      recordPid(dirs.pidFile(spec.name), handle.pid);
      this.#handles.set(spec.name, handle);
      rt.containerID = `weft-process://${handle.pid}`;
      if (!init && this.#o.probeRunner !== undefined) {
        // Before the running state is reported: a probed container is neither started nor ready until it passes.
        if (spec.startupProbe !== undefined) rt.started = false;
        if (spec.readinessProbe !== undefined) rt.ready = false;
      }
      rt.state = { kind: "running", startedAt };
      this.#event("Normal", "Started", `Started container ${spec.name}`);
      this.#changed();
    }
    const oom = this.#watchMemory(spec, handle);
    const probing = new AbortController();
    const probes =
      init || handle.pid <= 0 ? Promise.resolve() : this.#probe(spec, rt, handle, prepared, probing.signal);
    const exit = await handle.exited;
    probing.abort();
    await probes;
    delete rt.ready;
    delete rt.started;
    oom.stop();
    this.#handles.delete(spec.name);
    rmSync(dirs.pidFile(spec.name), { force: true });
    writer.close();
    const exitCode = exitCodeOf(exit);
    const message =
      exit.error ?? (await this.#terminationMessage(spec, prepared.terminationLog, logPath, exitCode));
    const state: TerminatedState = {
      kind: "terminated",
      exitCode,
      ...(exit.signal === null ? {} : { signal: exitCode - 128 }),
      reason:
        exit.error !== undefined
          ? "StartError"
          : oom.killed
            ? "OOMKilled"
            : exitCode === 0
              ? "Completed"
              : "Error",
      ...(message === undefined || message === "" ? {} : { message }),
      startedAt,
      finishedAt: clock.now(),
      ...(rt.containerID === undefined ? {} : { containerID: rt.containerID }),
    };
    if (exit.error !== undefined) this.#event("Warning", "Failed", `Error: ${exit.error}`);
    rt.state = state;
    this.#changed();
    return state;
  }

  /**
   * Runs the container's probes while it runs, as the kubelet's prober does: the startup probe first (the container
   * is `started` once it succeeds; `failureThreshold` failures kill it), then readiness (sets `ready`) and liveness
   * (`failureThreshold` consecutive failures kill the container, SIGTERM then SIGKILL, and `restartPolicy` decides).
   * Each probe first runs `initialDelaySeconds` after the start, then every `periodSeconds` (10).
   */
  async #probe(
    spec: V1Container,
    rt: ContainerRuntime,
    handle: ProcessHandle,
    launch: ContainerLaunch,
    signal: AbortSignal,
  ): Promise<void> {
    const runner = this.#o.probeRunner;
    if (runner === undefined) return;
    const { startupProbe, readinessProbe, livenessProbe } = spec;
    if (startupProbe === undefined && readinessProbe === undefined && livenessProbe === undefined) return;
    const stop = AbortSignal.any([signal, this.#abort.signal]);
    const address = this.#o.env.podIP;
    const startedAt = this.#o.clock.now();
    const wait = async (ms: number): Promise<boolean> => {
      try {
        await sleep(this.#o.clock, ms, stop);
        return true;
      } catch {
        return false;
      }
    };
    const firstDelay = (probe: V1Probe) =>
      Math.max(0, startedAt + (probe.initialDelaySeconds ?? 0) * 1000 - this.#o.clock.now());
    /** Probes every period; `onResult` returns false to end the loop. */
    const loop = async (
      probe: V1Probe,
      onResult: (ok: boolean, successes: number, failures: number) => boolean,
    ) => {
      let successes = 0;
      let failures = 0;
      if (!(await wait(firstDelay(probe)))) return;
      for (;;) {
        const ok = await runner.run(probe, spec, launch, address).catch(() => false);
        if (stop.aborted) return;
        successes = ok ? successes + 1 : 0;
        failures = ok ? 0 : failures + 1;
        if (!onResult(ok, successes, failures)) return;
        if (!(await wait((probe.periodSeconds ?? 10) * 1000))) return;
      }
    };
    const kill = (why: string, probe: V1Probe) => {
      this.#event("Normal", "Killing", `Container ${spec.name} ${why}, will be restarted`);
      handle.kill("SIGTERM");
      const grace =
        probe.terminationGracePeriodSeconds ?? this.#o.pod.spec?.terminationGracePeriodSeconds ?? 30;
      const cancel = this.#o.clock.setTimer(grace * 1000, () => handle.kill("SIGKILL"));
      void handle.exited.then(cancel);
    };
    if (startupProbe !== undefined) {
      let passed = false;
      await loop(startupProbe, (ok, successes, failures) => {
        if (!ok) this.#event("Warning", "Unhealthy", `Startup probe failed`);
        if (successes >= 1) {
          passed = true;
          return false;
        }
        if (failures >= (startupProbe.failureThreshold ?? 3)) {
          kill("failed startup probe", startupProbe);
          return false;
        }
        return true;
      });
      if (!passed) return;
      rt.started = true;
      this.#changed();
    }
    await Promise.all([
      readinessProbe === undefined
        ? Promise.resolve()
        : loop(readinessProbe, (ok, successes, failures) => {
            if (!ok) this.#event("Warning", "Unhealthy", "Readiness probe failed");
            const ready =
              successes >= (readinessProbe.successThreshold ?? 1)
                ? true
                : failures >= (readinessProbe.failureThreshold ?? 3)
                  ? false
                  : (rt.ready ?? false);
            if (ready !== rt.ready) {
              rt.ready = ready;
              this.#changed();
            }
            return true;
          }),
      livenessProbe === undefined
        ? Promise.resolve()
        : loop(livenessProbe, (ok, _successes, failures) => {
            if (ok) return true;
            this.#event("Warning", "Unhealthy", "Liveness probe failed");
            if (failures < (livenessProbe.failureThreshold ?? 3)) return true;
            kill("failed liveness probe", livenessProbe);
            return false;
          }),
    ]);
  }

  /** Samples the container's memory while it runs; kills it when over its limit. */
  #watchMemory(spec: V1Container, handle: ProcessHandle): { readonly killed: boolean; stop(): void } {
    const state = { killed: false, stopped: false, cancel: () => {} };
    const probe = this.#o.memoryProbe;
    const raw = spec.resources?.limits?.memory;
    let limit: number | undefined;
    try {
      limit = raw === undefined ? undefined : parseQuantity(raw, "resources.limits.memory");
    } catch {
      limit = undefined;
    }
    const arm = (): void => {
      if (probe === undefined || limit === undefined || handle.pid <= 0 || state.stopped) return;
      state.cancel = this.#o.clock.setTimer(this.#o.memoryCheckMs ?? 1000, () => {
        void probe.groupRss(handle.pid).then((rss) => {
          if (state.stopped) return;
          if (rss !== undefined && limit !== undefined && rss > limit) {
            state.killed = true;
            this.#event(
              "Warning",
              "OOMKilling",
              `Memory limit ${raw} of container ${spec.name} exceeded (${rss} bytes resident): killed`,
            );
            handle.kill("SIGKILL");
          } else {
            arm();
          }
        });
      });
    };
    arm();
    return {
      get killed() {
        return state.killed;
      },
      stop() {
        state.stopped = true;
        state.cancel();
      },
    };
  }

  /**
   * The terminated state's message: what the container wrote to its termination message file (at most 4096 bytes),
   * or with `FallbackToLogsOnError` and a failure, the end of its log (at most 80 lines and 2048 bytes).
   */
  async #terminationMessage(
    spec: V1Container,
    file: string,
    logPath: string,
    exitCode: number,
  ): Promise<string | undefined> {
    const written = await readFile(file).catch(() => Buffer.alloc(0));
    if (written.length > 0) return written.subarray(0, 4096).toString("utf8");
    if (spec.terminationMessagePolicy !== "FallbackToLogsOnError" || exitCode === 0) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of this.#o.logs.read(logPath, { tailLines: 80 })) chunks.push(chunk);
    const tail = Buffer.concat(chunks);
    return tail.subarray(Math.max(0, tail.length - 2048)).toString("utf8");
  }

  #checkStopped(): void {
    if (this.#abort.signal.aborted) throw new Stopped("pod stopped");
  }

  #event(type: "Normal" | "Warning", reason: string, message: string): void {
    this.#o.onEvent?.(type, reason, message);
  }
}

function recordPid(path: string, pid: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${pid}\n`);
}
