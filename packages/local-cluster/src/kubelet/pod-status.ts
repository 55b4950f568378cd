import type { V1Pod } from "@kubernetes/client-node";
import { parseQuantity } from "./quantity.js";

/** One run state of a container, in milliseconds since the epoch. */
export type ContainerState =
  | { readonly kind: "waiting"; readonly reason: string; readonly message?: string }
  | { readonly kind: "running"; readonly startedAt: number }
  | {
      readonly kind: "terminated";
      readonly exitCode: number;
      readonly signal?: number;
      readonly reason: string;
      readonly message?: string;
      readonly startedAt: number;
      readonly finishedAt: number;
      readonly containerID?: string;
    };

export type TerminatedState = Extract<ContainerState, { kind: "terminated" }>;

/** What the kubelet knows about one container of a pod. */
export interface ContainerRuntime {
  readonly name: string;
  readonly image: string;
  state: ContainerState;
  lastState?: TerminatedState;
  restartCount: number;
  containerID?: string;
  /** Set by the readiness probe while running; absent: ready whenever running. */
  ready?: boolean;
  /** Set by the startup probe while running; absent: started whenever running. */
  started?: boolean;
  /** A restartable init container (`restartPolicy: Always`): a sidecar that runs alongside the containers. */
  sidecar?: boolean;
}

/** What the kubelet knows about one pod; `computePodStatus` turns it into the API's `PodStatus`. */
export interface PodRuntime {
  readonly initContainers: ContainerRuntime[];
  readonly containers: ContainerRuntime[];
  startTime?: number;
  /** Set once volumes are ready and containers may start. */
  sandboxReady: boolean;
  /** A phase decided by the kubelet rather than by the containers (deadline, deletion, node shutdown). */
  terminal?: { readonly phase: "Succeeded" | "Failed"; readonly reason?: string; readonly message?: string };
}

/** The wire form of a container state (times as RFC 3339 strings). */
export interface ContainerStateJson {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    signal?: number;
    reason: string;
    message?: string;
    startedAt: string;
    finishedAt: string;
    containerID?: string;
  };
}

export interface ContainerStatusJson {
  name: string;
  state: ContainerStateJson;
  lastState: ContainerStateJson;
  ready: boolean;
  started: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

export interface PodConditionJson {
  type: string;
  status: "True" | "False" | "Unknown";
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface PodStatusJson {
  phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
  conditions: PodConditionJson[];
  hostIP: string;
  hostIPs: { ip: string }[];
  podIP: string;
  podIPs: { ip: string }[];
  startTime?: string;
  initContainerStatuses: ContainerStatusJson[];
  containerStatuses: ContainerStatusJson[];
  qosClass: "BestEffort" | "Burstable" | "Guaranteed";
  reason?: string | null;
  message?: string | null;
}

/** Kubernetes' time format: RFC 3339 to the second. */
export function apiTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

function stateJson(state: ContainerState | undefined): ContainerStateJson {
  if (state === undefined) return {};
  switch (state.kind) {
    case "waiting":
      return {
        waiting: { reason: state.reason, ...(state.message === undefined ? {} : { message: state.message }) },
      };
    case "running":
      return { running: { startedAt: apiTime(state.startedAt) } };
    case "terminated":
      return {
        terminated: {
          exitCode: state.exitCode,
          ...(state.signal === undefined ? {} : { signal: state.signal }),
          reason: state.reason,
          ...(state.message === undefined ? {} : { message: state.message }),
          startedAt: apiTime(state.startedAt),
          finishedAt: apiTime(state.finishedAt),
          ...(state.containerID === undefined ? {} : { containerID: state.containerID }),
        },
      };
  }
}

function containerStatus(c: ContainerRuntime, podTerminal: boolean): ContainerStatusJson {
  const running = c.state.kind === "running";
  return {
    name: c.name,
    state: stateJson(c.state),
    lastState: stateJson(c.lastState),
    ready: running && !podTerminal && c.ready !== false && c.started !== false,
    started: running && c.started !== false,
    restartCount: c.restartCount,
    image: c.image,
    imageID: "",
    ...(c.containerID === undefined ? {} : { containerID: c.containerID }),
  };
}

/**
 * The pod phase, by the kubelet's rules: Pending while init containers or containers have not run, Running while
 * any container runs or will be restarted, Succeeded when all terminated with 0, Failed when all terminated and
 * one failed for good (or init failed under restartPolicy Never).
 */
export function podPhase(pod: V1Pod, rt: PodRuntime): PodStatusJson["phase"] {
  if (rt.terminal !== undefined) return rt.terminal.phase;
  const policy = pod.spec?.restartPolicy ?? "Always";
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of rt.initContainers) {
    if (c.sidecar === true) {
      if (!sidecarHasStarted(c)) pendingInit++;
      continue;
    }
    if (c.state.kind === "terminated") {
      if (c.state.exitCode === 0) continue;
      failedInit++;
    } else if (c.state.kind === "waiting" && c.lastState !== undefined && c.lastState.exitCode !== 0) {
      failedInit++;
    } else {
      pendingInit++;
    }
  }
  if (failedInit > 0 && policy === "Never") return "Failed";
  if (pendingInit > 0 || failedInit > 0) return "Pending";
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of rt.containers) {
    if (c.state.kind === "running") running++;
    else if (c.state.kind === "terminated") {
      stopped++;
      if (c.state.exitCode === 0) succeeded++;
    } else if (c.lastState !== undefined) stopped++;
    else waiting++;
  }
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (stopped === succeeded && rt.containers.every((c) => c.state.kind === "terminated"))
      return "Succeeded";
    if (policy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

/** A sidecar counts as initialized once it has run (it may be restarting or already stopped since). */
function sidecarHasStarted(c: ContainerRuntime): boolean {
  return (
    (c.state.kind === "running" && c.started !== false) ||
    c.lastState !== undefined ||
    c.state.kind === "terminated"
  );
}

/**
 * The QoS class by the API's rules, from cpu and memory only: BestEffort without any request or limit,
 * Guaranteed when every container limits both and its requests (when set) equal the limits, else Burstable.
 */
export function qosClass(pod: V1Pod): PodStatusJson["qosClass"] {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  const pick = (table: Record<string, string> | undefined) => ({ cpu: table?.cpu, memory: table?.memory });
  const resources = all.map((c) => ({
    requests: pick(c.resources?.requests),
    limits: pick(c.resources?.limits),
  }));
  const none = (r: { cpu: string | undefined; memory: string | undefined }) =>
    r.cpu === undefined && r.memory === undefined;
  if (resources.every((r) => none(r.requests) && none(r.limits))) return "BestEffort";
  const same = (request: string | undefined, limit: string | undefined) =>
    limit !== undefined && (request === undefined || safeQuantity(request) === safeQuantity(limit));
  const guaranteed = resources.every(
    (r) => same(r.requests.cpu, r.limits.cpu) && same(r.requests.memory, r.limits.memory),
  );
  return guaranteed ? "Guaranteed" : "Burstable";
}

function safeQuantity(q: string): number | string {
  try {
    return parseQuantity(q);
  } catch {
    return q;
  }
}

/**
 * Computes the pod's `status` as a kubelet reports it. `previous` is the last status sent, so that a
 * condition's `lastTransitionTime` changes only when its status does.
 */
export function computePodStatus(
  pod: V1Pod,
  rt: PodRuntime,
  now: number,
  hostIP: string,
  previous?: readonly PodConditionJson[],
): PodStatusJson {
  const phase = podPhase(pod, rt);
  const terminal = phase === "Succeeded" || phase === "Failed";
  const incompleteInit = rt.initContainers
    .filter((c) =>
      c.sidecar === true ? !sidecarHasStarted(c) : !(c.state.kind === "terminated" && c.state.exitCode === 0),
    )
    .map((c) => c.name);
  const notReady = (c: ContainerRuntime) =>
    terminal || c.state.kind !== "running" || c.ready === false || c.started === false;
  const unready = [...rt.initContainers.filter((c) => c.sidecar === true), ...rt.containers]
    .filter(notReady)
    .map((c) => c.name);
  const condition = (type: string, ok: boolean, reason?: string, message?: string): PodConditionJson => {
    const status = ok ? "True" : "False";
    const before = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime:
        before !== undefined && before.status === status ? before.lastTransitionTime : apiTime(now),
      ...(ok || reason === undefined ? {} : { reason }),
      ...(ok || message === undefined ? {} : { message }),
    };
  };
  const initOk = incompleteInit.length === 0;
  const readyOk = unready.length === 0;
  const notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(" ")}]`;
  const conditions = [
    condition("PodReadyToStartContainers", rt.sandboxReady && !terminal),
    condition(
      "Initialized",
      initOk,
      terminal && !initOk ? "PodCompleted" : "ContainersNotInitialized",
      `containers with incomplete status: [${incompleteInit.join(" ")}]`,
    ),
    condition("Ready", readyOk, notReadyReason, notReadyMessage),
    condition("ContainersReady", readyOk, notReadyReason, notReadyMessage),
    condition("PodScheduled", true),
  ];
  return {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: hostIP,
    podIPs: [{ ip: hostIP }],
    ...(rt.startTime === undefined ? {} : { startTime: apiTime(rt.startTime) }),
    initContainerStatuses: rt.initContainers.map((c) => containerStatus(c, terminal)),
    containerStatuses: rt.containers.map((c) => containerStatus(c, terminal)),
    // The API server sets it at creation and refuses changes: keep its value.
    qosClass:
      pod.status?.qosClass === undefined ? qosClass(pod) : (pod.status.qosClass as PodStatusJson["qosClass"]),
    reason: rt.terminal?.reason ?? null,
    message: rt.terminal?.message ?? null,
  };
}

/** Whether any container of `pod` has already run, by its reported status (it ran under an earlier kubelet). */
export function podHasStarted(pod: V1Pod): boolean {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return statuses.some((s) => s.state?.running !== undefined || s.state?.terminated !== undefined);
}

function toMs(t: Date | string | undefined, fallback: number): number {
  if (t === undefined) return fallback;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? fallback : ms;
}

/**
 * The status of a pod whose processes were lost with an earlier kubelet (restartPolicy Never, so they are not
 * run again): as the kubelet reports it, every container that had not finished is terminated with reason
 * `ContainerStatusUnknown` and exit code 137, and the pod is Failed.
 */
export function lostPodStatus(pod: V1Pod, now: number, hostIP: string): PodStatusJson {
  const start = toMs(pod.status?.startTime, now);
  const runtime = (
    specs: { name: string; image?: string }[],
    reported: readonly {
      name: string;
      state?: {
        running?: { startedAt?: Date };
        terminated?: { exitCode: number; reason?: string; startedAt?: Date; finishedAt?: Date };
      };
      restartCount?: number;
    }[],
  ): ContainerRuntime[] =>
    specs.map((c) => {
      const old = reported.find((s) => s.name === c.name);
      const done = old?.state?.terminated;
      const state: ContainerState =
        done !== undefined
          ? {
              kind: "terminated",
              exitCode: done.exitCode,
              reason: done.reason ?? (done.exitCode === 0 ? "Completed" : "Error"),
              startedAt: toMs(done.startedAt, start),
              finishedAt: toMs(done.finishedAt, now),
            }
          : {
              kind: "terminated",
              exitCode: 137,
              reason: "ContainerStatusUnknown",
              message: "The container could not be located when the pod was terminated",
              startedAt: toMs(old?.state?.running?.startedAt, start),
              finishedAt: now,
            };
      return { name: c.name, image: c.image ?? "", state, restartCount: old?.restartCount ?? 0 };
    });
  const rt: PodRuntime = {
    initContainers: runtime(pod.spec?.initContainers ?? [], pod.status?.initContainerStatuses ?? []),
    containers: runtime(pod.spec?.containers ?? [], pod.status?.containerStatuses ?? []),
    startTime: start,
    sandboxReady: false,
    terminal: { phase: "Failed" },
  };
  return computePodStatus(pod, rt, now, hostIP);
}
