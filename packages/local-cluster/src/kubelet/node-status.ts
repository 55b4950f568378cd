import { arch, cpus, hostname, platform, release, totalmem, type } from "node:os";
import { apiTime } from "./pod-status.js";

export interface NodeFacts {
  readonly name: string;
  readonly address: string;
  /** Port of the kubelet's HTTP server (container logs), advertised in `status.daemonEndpoints`. */
  readonly kubeletPort: number;
  readonly cpu: number;
  readonly memoryBytes: number;
  readonly maxPods: number;
  readonly version: string;
}

/** The node's CPU count and memory, from the host. */
export function hostResources(): { cpu: number; memoryBytes: number } {
  return { cpu: cpus().length, memoryBytes: totalmem() };
}

const GOARCH: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386" };

/** `kubernetes.io/os` and `kubernetes.io/arch` as Go names them. */
export function nodeLabels(name: string): Record<string, string> {
  return {
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": platform() === "win32" ? "windows" : platform(),
    "kubernetes.io/arch": GOARCH[arch()] ?? arch(),
    "node.kubernetes.io/instance-type": "weft-local",
  };
}

/** The Node's status as a kubelet reports it; `ready` false marks it NotReady (kubelet stopping). */
export function nodeStatus(facts: NodeFacts, now: number, ready: boolean, readySince: number) {
  const heartbeat = apiTime(now);
  const since = apiTime(readySince);
  const condition = (kind: string, status: "True" | "False", reason: string, message: string) => ({
    type: kind,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: since,
    reason,
    message,
  });
  const resources = {
    cpu: String(facts.cpu),
    memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`,
    pods: String(facts.maxPods),
    "ephemeral-storage": "0",
  };
  return {
    capacity: resources,
    allocatable: resources,
    conditions: [
      condition(
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
      ),
      condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
      ready
        ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status")
        : condition("Ready", "False", "KubeletNotReady", "kubelet stopped"),
    ],
    addresses: [
      { type: "InternalIP", address: facts.address },
      { type: "Hostname", address: facts.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
    nodeInfo: {
      machineID: "",
      systemUUID: "",
      bootID: "",
      kernelVersion: release(),
      osImage: `${type()} (${hostname()})`,
      containerRuntimeVersion: "weft-process://0.1.0",
      kubeletVersion: facts.version,
      kubeProxyVersion: "",
      operatingSystem: platform(),
      architecture: GOARCH[arch()] ?? arch(),
    },
  };
}
