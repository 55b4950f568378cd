import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { ContainerRuntime, PodRuntime } from "./pod-status.js";
import { computePodStatus, lostPodStatus, podHasStarted, podPhase, qosClass } from "./pod-status.js";

const T0 = Date.UTC(2026, 0, 1);
const pod = (restartPolicy: string, extra: Partial<V1Pod["spec"]> = {}): V1Pod => ({
  metadata: { name: "p", namespace: "ns" },
  spec: { restartPolicy, containers: [{ name: "a" }, { name: "b" }], ...extra },
});
const running = (name: string): ContainerRuntime => ({
  name,
  image: "",
  state: { kind: "running", startedAt: T0 },
  restartCount: 0,
});
const exited = (name: string, exitCode: number): ContainerRuntime => ({
  name,
  image: "",
  state: {
    kind: "terminated",
    exitCode,
    reason: exitCode === 0 ? "Completed" : "Error",
    startedAt: T0,
    finishedAt: T0 + 1000,
  },
  restartCount: 0,
});
const waiting = (name: string, reason = "ContainerCreating"): ContainerRuntime => ({
  name,
  image: "",
  state: { kind: "waiting", reason },
  restartCount: 0,
});
const rt = (containers: ContainerRuntime[], initContainers: ContainerRuntime[] = []): PodRuntime => ({
  containers,
  initContainers,
  sandboxReady: true,
  startTime: T0,
});

describe("podPhase", () => {
  it("follows the kubelet's rules", () => {
    expect(podPhase(pod("Never"), rt([waiting("a"), running("b")]))).toBe("Pending");
    expect(podPhase(pod("Never"), rt([running("a"), exited("b", 0)]))).toBe("Running");
    expect(podPhase(pod("Never"), rt([exited("a", 0), exited("b", 0)]))).toBe("Succeeded");
    expect(podPhase(pod("Never"), rt([exited("a", 0), exited("b", 2)]))).toBe("Failed");
    expect(podPhase(pod("OnFailure"), rt([exited("a", 0), exited("b", 0)]))).toBe("Succeeded");
    expect(podPhase(pod("Always"), rt([exited("a", 0), exited("b", 0)]))).toBe("Running");
    expect(podPhase(pod("Never"), rt([waiting("a"), waiting("b")], [exited("init", 1)]))).toBe("Failed");
    expect(podPhase(pod("OnFailure"), rt([waiting("a"), waiting("b")], [exited("init", 1)]))).toBe("Pending");
    expect(podPhase(pod("Never"), rt([waiting("a"), waiting("b")], [running("init")]))).toBe("Pending");
    const restarting: ContainerRuntime = {
      ...waiting("a", "CrashLoopBackOff"),
      lastState: { kind: "terminated", exitCode: 1, reason: "Error", startedAt: T0, finishedAt: T0 },
    };
    expect(podPhase(pod("OnFailure"), rt([restarting, exited("b", 0)]))).toBe("Running");
    expect(
      podPhase(pod("Always"), {
        ...rt([running("a"), running("b")]),
        terminal: { phase: "Failed", reason: "X" },
      }),
    ).toBe("Failed");
  });
});

describe("computePodStatus", () => {
  it("reports conditions with reasons and keeps transition times while unchanged", () => {
    const p = pod("Never", { initContainers: [{ name: "init" }] });
    const first = computePodStatus(p, rt([waiting("a"), waiting("b")], [running("init")]), T0, "127.0.0.1");
    expect(first.phase).toBe("Pending");
    const byType = Object.fromEntries(first.conditions.map((c) => [c.type, c]));
    expect(byType.Initialized).toMatchObject({
      status: "False",
      reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [init]",
    });
    expect(byType.Ready).toMatchObject({ status: "False", message: "containers with unready status: [a b]" });
    expect(byType.PodScheduled?.status).toBe("True");
    const later = T0 + 60_000;
    const second = computePodStatus(
      p,
      rt([running("a"), running("b")], [exited("init", 0)]),
      later,
      "127.0.0.1",
      [...first.conditions],
    );
    const byType2 = Object.fromEntries(second.conditions.map((c) => [c.type, c]));
    expect(second.phase).toBe("Running");
    expect(byType2.Ready).toMatchObject({ status: "True", lastTransitionTime: "2026-01-01T00:01:00Z" });
    expect(byType2.PodScheduled?.lastTransitionTime).toBe("2026-01-01T00:00:00Z");
    expect(second.containerStatuses[0]).toMatchObject({
      name: "a",
      ready: true,
      started: true,
      state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
    });
    expect(second.initContainerStatuses[0]?.state.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
  });

  it("marks a completed pod PodCompleted and carries a kubelet-decided reason", () => {
    const status = computePodStatus(
      pod("Never"),
      {
        ...rt([exited("a", 137), exited("b", 0)]),
        terminal: { phase: "Failed", reason: "DeadlineExceeded" },
      },
      T0,
      "127.0.0.1",
    );
    expect(status).toMatchObject({ phase: "Failed", reason: "DeadlineExceeded" });
    expect(status.conditions.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "PodCompleted",
    });
  });
});

describe("qosClass", () => {
  it("classifies BestEffort, Burstable and Guaranteed", () => {
    expect(qosClass(pod("Never"))).toBe("BestEffort");
    const limited = (requests: Record<string, string>): V1Pod => ({
      spec: { containers: [{ name: "a", resources: { requests, limits: { cpu: "1", memory: "1Gi" } } }] },
    });
    expect(qosClass(limited({}))).toBe("Guaranteed");
    expect(qosClass(limited({ cpu: "500m" }))).toBe("Burstable");
    expect(qosClass(limited({ cpu: "1000m", memory: "1024Mi" }))).toBe("Guaranteed");
    const storageOnly: V1Pod = {
      spec: { containers: [{ name: "a", resources: { requests: { "ephemeral-storage": "1Gi" } } }] },
    };
    expect(qosClass(storageOnly)).toBe("BestEffort");
  });
});

describe("lostPodStatus", () => {
  it("terminates unfinished containers as ContainerStatusUnknown and keeps finished ones", () => {
    const p: V1Pod = {
      metadata: { name: "p", namespace: "ns" },
      spec: { restartPolicy: "Never", containers: [{ name: "a" }, { name: "b" }] },
      status: {
        phase: "Running",
        startTime: new Date(T0),
        containerStatuses: [
          {
            name: "a",
            image: "",
            imageID: "",
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: new Date(T0) } },
          },
          {
            name: "b",
            image: "",
            imageID: "",
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode: 0,
                reason: "Completed",
                startedAt: new Date(T0),
                finishedAt: new Date(T0 + 5000),
              },
            },
          },
        ],
      },
    };
    expect(podHasStarted(p)).toBe(true);
    expect(podHasStarted({ spec: { containers: [] }, status: { containerStatuses: [] } })).toBe(false);
    const status = lostPodStatus(p, T0 + 60_000, "127.0.0.1");
    expect(status.phase).toBe("Failed");
    expect(status.containerStatuses[0]?.state.terminated).toEqual({
      exitCode: 137,
      reason: "ContainerStatusUnknown",
      message: "The container could not be located when the pod was terminated",
      startedAt: "2026-01-01T00:00:00Z",
      finishedAt: "2026-01-01T00:01:00Z",
    });
    expect(status.containerStatuses[1]?.state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });
});
