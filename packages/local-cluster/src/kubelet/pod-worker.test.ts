import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Pod, V1PodSpec } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaticConfigSource } from "./config-source.js";
import { FakeClock } from "./fake-clock.js";
import { FakeSpawner } from "./fake-spawner.js";
import { LogStore } from "./log-store.js";
import { PodDirs } from "./pod-dirs.js";
import { computePodStatus } from "./pod-status.js";
import { PodWorker } from "./pod-worker.js";
import type { ProbeRunner } from "./probe-runner.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "weft-worker-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function setup(
  spec: V1PodSpec,
  source = new StaticConfigSource(),
  memory?: number[],
  probeRunner?: ProbeRunner,
) {
  const pod: V1Pod = { metadata: { name: "p", namespace: "ns", uid: "uid-1" }, spec };
  const clock = new FakeClock();
  const spawner = new FakeSpawner();
  const logs = new LogStore(clock);
  const events: string[] = [];
  const listeners = new Set<() => void>();
  const worker = new PodWorker({
    pod,
    dirs: new PodDirs(root, "ns", "p", "uid-1"),
    kubeletRoot: root,
    clock,
    spawner,
    logs,
    source,
    env: { hostIP: "127.0.0.1", podIP: "127.0.0.1", allocatableCpu: 2, allocatableMemory: 2 ** 30 },
    inheritedEnv: { PATH: "/usr/bin:/bin" },
    onChange: () => {
      for (const l of [...listeners]) l();
    },
    onEvent: (type, reason, message) => events.push(`${type} ${reason}: ${message}`),
    ...(memory === undefined ? {} : { memoryProbe: { groupRss: async () => memory.shift() } }),
    ...(probeRunner === undefined ? {} : { probeRunner }),
  });
  const status = () => computePodStatus(pod, worker.runtime, clock.now(), "127.0.0.1");
  /** Resolves once `pred` holds for the status, re-checked on every runtime change. */
  const until = (pred: (s: ReturnType<typeof status>) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = () => {
        if (pred(status())) {
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
      check();
    });
  return { pod, clock, spawner, logs, worker, events, status, until };
}

const sh = (script: string) => ({ command: ["sh", "-c", script] });

describe("PodWorker", () => {
  it("runs init containers in order, then the containers together, and reaches Succeeded", async () => {
    const t = setup({
      restartPolicy: "Never",
      volumes: [{ name: "work", emptyDir: {} }],
      initContainers: [
        { name: "init1", ...sh("echo 1 > /work/f"), volumeMounts: [{ name: "work", mountPath: "/work" }] },
        { name: "init2", ...sh("init2") },
      ],
      containers: [
        { name: "a", ...sh("cat /work/f"), volumeMounts: [{ name: "work", mountPath: "/work" }] },
        { name: "b", ...sh("b") },
      ],
    });
    const init1 = await t.spawner.spawned(1);
    expect(init1.spec.args[1]).toBe(`echo 1 > ${root}/pods/ns_p_uid-1/volumes/work/f`);
    expect(t.status().phase).toBe("Pending");
    expect(t.status().containerStatuses[0]?.state.waiting?.reason).toBe("PodInitializing");
    init1.exit(0);
    const init2 = await t.spawner.spawned(2);
    expect(init2.spec.args[1]).toBe("init2");
    expect(t.spawner.processes).toHaveLength(2);
    init2.exit(0);
    await t.spawner.spawned(4);
    const a = t.spawner.find(/^sh -c cat /);
    const b = t.spawner.find("b");
    expect(a?.spec.args[1]).toBe(`cat ${root}/pods/ns_p_uid-1/volumes/work/f`);
    expect(a?.spec.env.WEFT_VOLUME_WORK).toBe(join(root, "pods/ns_p_uid-1/volumes/work"));
    expect(t.status().phase).toBe("Running");
    expect(t.status().conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    a?.stdout("1\n");
    a?.exit(0);
    await t.until((s) => s.containerStatuses[0]?.state.terminated !== undefined);
    expect(t.status().phase).toBe("Running");
    b?.exit(0);
    await t.worker.done;
    const status = t.status();
    expect(status.phase).toBe("Succeeded");
    expect(status.containerStatuses.map((c) => c.state.terminated?.reason)).toEqual([
      "Completed",
      "Completed",
    ]);
    const [log] = t.worker.logRuns("a");
    expect(readFileSync(log ?? "", "utf8")).toMatch(/ stdout F 1\n$/);
  });

  it("fails a restartPolicy Never pod whose container exits non-zero", async () => {
    const t = setup({ restartPolicy: "Never", containers: [{ name: "a", ...sh("exit 7") }] });
    (await t.spawner.spawned(1)).exit(7);
    await t.worker.done;
    expect(t.status().phase).toBe("Failed");
    expect(t.status().containerStatuses[0]?.state.terminated).toMatchObject({ exitCode: 7, reason: "Error" });
  });

  it("fails a restartPolicy Never pod whose init container fails, without starting the containers", async () => {
    const t = setup({
      restartPolicy: "Never",
      initContainers: [{ name: "i", ...sh("exit 1") }],
      containers: [{ name: "a", ...sh("a") }],
    });
    (await t.spawner.spawned(1)).exit(1);
    await t.worker.done;
    expect(t.spawner.processes).toHaveLength(1);
    expect(t.status().phase).toBe("Failed");
    expect(t.status().conditions.find((c) => c.type === "Initialized")?.status).toBe("False");
  });

  it("restarts OnFailure containers with crash-loop back-off until they succeed", async () => {
    const t = setup({ restartPolicy: "OnFailure", containers: [{ name: "a", ...sh("flaky") }] });
    (await t.spawner.spawned(1)).exit(1);
    const second = await t.spawner.spawned(2);
    await t.until((s) => s.containerStatuses[0]?.state.running !== undefined);
    expect(t.status().containerStatuses[0]).toMatchObject({
      restartCount: 1,
      lastState: { terminated: { exitCode: 1 } },
    });
    second.exit(1);
    await t.until((s) => s.containerStatuses[0]?.state.waiting?.reason === "CrashLoopBackOff");
    expect(t.status().phase).toBe("Running");
    await t.clock.advance(9_999);
    expect(t.spawner.processes).toHaveLength(2);
    await t.clock.advance(1);
    (await t.spawner.spawned(3)).exit(0);
    await t.worker.done;
    expect(t.status()).toMatchObject({ phase: "Succeeded" });
    expect(t.status().containerStatuses[0]?.restartCount).toBe(2);
    expect(t.worker.logRuns("a")).toHaveLength(3);
    expect(t.events.some((e) => e.startsWith("Warning BackOff"))).toBe(true);
  });

  it("restarts Always containers even after exit 0, doubling the back-off", async () => {
    const t = setup({ restartPolicy: "Always", containers: [{ name: "a", ...sh("loop") }] });
    (await t.spawner.spawned(1)).exit(0);
    (await t.spawner.spawned(2)).exit(0);
    let n = 2;
    for (const wait of [10_000, 20_000, 40_000]) {
      await t.until((s) => s.containerStatuses[0]?.state.waiting?.reason === "CrashLoopBackOff");
      expect(t.status().containerStatuses[0]?.state.waiting?.message).toContain(`back-off ${wait / 1000}s`);
      await t.clock.advance(wait - 1);
      expect(t.spawner.processes).toHaveLength(n);
      await t.clock.advance(1);
      n++;
      (await t.spawner.spawned(n)).exit(0);
    }
    expect(t.status().phase).toBe("Running");
  });

  it("enforces activeDeadlineSeconds: SIGTERM, SIGKILL after the grace period, phase Failed DeadlineExceeded", async () => {
    const t = setup({
      restartPolicy: "Never",
      activeDeadlineSeconds: 5,
      terminationGracePeriodSeconds: 3,
      containers: [{ name: "a", ...sh("sleep 100") }],
    });
    const p = await t.spawner.spawned(1);
    p.ignoreTerm = true;
    await t.clock.advance(5_000);
    expect(p.signals).toEqual(["SIGTERM"]);
    await t.clock.advance(2_999);
    expect(p.running).toBe(true);
    await t.clock.advance(1);
    expect(p.signals).toEqual(["SIGTERM", "SIGKILL"]);
    await t.worker.done;
    expect(t.status()).toMatchObject({
      phase: "Failed",
      reason: "DeadlineExceeded",
      message: "Pod was active on the node longer than the specified deadline",
    });
    expect(t.status().containerStatuses[0]?.state.terminated).toMatchObject({
      exitCode: 137,
      reason: "Error",
    });
  });

  it("waits in CreateContainerConfigError until a missing ConfigMap appears", async () => {
    const source = new StaticConfigSource();
    const t = setup(
      {
        restartPolicy: "Never",
        containers: [
          {
            name: "a",
            ...sh("x"),
            env: [{ name: "K", valueFrom: { configMapKeyRef: { name: "cm", key: "k" } } }],
          },
        ],
      },
      source,
    );
    await t.until((s) => s.containerStatuses[0]?.state.waiting?.reason === "CreateContainerConfigError");
    expect(t.spawner.processes).toHaveLength(0);
    expect(t.status().containerStatuses[0]?.state.waiting?.message).toBe('configmap "cm" not found');
    source.setConfigMap("ns", "cm", { k: "v" });
    await t.clock.advance(2_000);
    expect((await t.spawner.spawned(1)).spec.env.K).toBe("v");
  });

  it("reports a missing executable as StartError with exit code 128", async () => {
    const t = setup({ restartPolicy: "Never", containers: [{ name: "a", command: ["no-such-cmd"] }] });
    t.spawner.commandsNotFound.add("no-such-cmd");
    await t.worker.done;
    expect(t.status().phase).toBe("Failed");
    expect(t.status().containerStatuses[0]?.state.terminated).toMatchObject({
      exitCode: 128,
      reason: "StartError",
    });
  });

  it("stop() terminates running containers and cancels pending restarts", async () => {
    const t = setup({
      restartPolicy: "Always",
      containers: [
        { name: "a", ...sh("a") },
        { name: "b", ...sh("b") },
      ],
    });
    await t.spawner.spawned(2);
    t.spawner.find("b")?.exit(1);
    await t.spawner.spawned(3);
    t.spawner.find("b")?.exit(1);
    await t.until((s) => s.containerStatuses[1]?.state.waiting?.reason === "CrashLoopBackOff");
    const stopped = t.worker.stop({ gracePeriodSeconds: 30 });
    expect(t.spawner.find("a")?.signals).toEqual(["SIGTERM"]);
    await stopped;
    await t.clock.advance(60_000);
    expect(t.spawner.processes).toHaveLength(3);
    expect(t.status().containerStatuses[0]?.state.terminated?.exitCode).toBe(143);
    expect(t.status().phase).toBe("Failed");
    expect(t.events).toContain("Normal Killing: Stopping container a");
  });

  it("kills a container over its memory limit and reports OOMKilled with exit code 137", async () => {
    const t = setup(
      {
        restartPolicy: "Never",
        containers: [{ name: "a", ...sh("hog"), resources: { limits: { memory: "64Mi" } } }],
      },
      new StaticConfigSource(),
      [10 * 2 ** 20, 65 * 2 ** 20],
    );
    const p = await t.spawner.spawned(1);
    await t.clock.advance(1000);
    expect(p.signals).toEqual([]);
    await t.clock.advance(1000);
    expect(p.signals).toEqual(["SIGKILL"]);
    await t.worker.done;
    expect(t.status().phase).toBe("Failed");
    expect(t.status().containerStatuses[0]?.state.terminated).toMatchObject({
      exitCode: 137,
      reason: "OOMKilled",
    });
    expect(t.events.some((e) => e.startsWith("Warning OOMKilling"))).toBe(true);
  });

  it("runs readiness and liveness probes: Ready follows readiness, liveness failures restart the container", async () => {
    const readiness = [false, true, true, true];
    const liveness = [true, false, false];
    const runner: ProbeRunner = {
      run: async (probe, container) =>
        (probe === container.readinessProbe ? readiness.shift() : liveness.shift()) ?? true,
    };
    const t = setup(
      {
        restartPolicy: "Always",
        terminationGracePeriodSeconds: 5,
        containers: [
          {
            name: "a",
            ...sh("serve"),
            readinessProbe: { exec: { command: ["check"] }, periodSeconds: 5 },
            livenessProbe: {
              exec: { command: ["alive"] },
              initialDelaySeconds: 1,
              periodSeconds: 5,
              failureThreshold: 2,
            },
          },
        ],
      },
      new StaticConfigSource(),
      undefined,
      runner,
    );
    const first = await t.spawner.spawned(1);
    await t.clock.advance(0);
    expect(t.status().containerStatuses[0]).toMatchObject({ ready: false, started: true });
    expect(t.status().conditions.find((c) => c.type === "Ready")?.status).toBe("False");
    await t.clock.advance(5_000);
    await t.until((s) => s.containerStatuses[0]?.ready === true);
    expect(t.status().conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    await t.clock.advance(5_000);
    expect(first.signals).toEqual([]);
    await t.clock.advance(5_000);
    expect(first.signals).toEqual(["SIGTERM"]);
    expect(t.events).toContain("Normal Killing: Container a failed liveness probe, will be restarted");
    await t.spawner.spawned(2);
    expect(t.status().containerStatuses[0]?.restartCount).toBe(1);
    expect(t.status().containerStatuses[0]?.lastState.terminated?.exitCode).toBe(143);
  });

  it("keeps a container not started until its startup probe succeeds", async () => {
    const startup = [false, true];
    const t = setup(
      {
        restartPolicy: "Never",
        containers: [
          { name: "a", ...sh("slow"), startupProbe: { exec: { command: ["up"] }, periodSeconds: 2 } },
        ],
      },
      new StaticConfigSource(),
      undefined,
      { run: async () => startup.shift() ?? true },
    );
    await t.spawner.spawned(1);
    await t.clock.advance(0);
    expect(t.status().containerStatuses[0]).toMatchObject({ started: false, ready: false });
    await t.clock.advance(2_000);
    await t.until((s) => s.containerStatuses[0]?.started === true);
    expect(t.status().containerStatuses[0]?.ready).toBe(true);
  });

  it("runs native sidecars: started in init order, restarted always, stopped once the containers are done", async () => {
    const t = setup({
      restartPolicy: "Never",
      initContainers: [
        { name: "proxy", restartPolicy: "Always", ...sh("proxy") },
        { name: "setup", ...sh("setup") },
      ],
      containers: [{ name: "main", ...sh("main") }],
    });
    const proxy = await t.spawner.spawned(1);
    const setupProc = await t.spawner.spawned(2);
    expect(setupProc.spec.args[1]).toBe("setup");
    expect(t.status().phase).toBe("Pending");
    setupProc.exit(0);
    const main = await t.spawner.spawned(3);
    expect(main.spec.args[1]).toBe("main");
    await t.until((s) => s.phase === "Running");
    expect(t.status().conditions.find((c) => c.type === "Initialized")?.status).toBe("True");
    expect(t.status().initContainerStatuses[0]).toMatchObject({ ready: true, started: true });
    proxy.exit(1);
    const proxy2 = await t.spawner.spawned(4);
    expect(proxy2.spec.args[1]).toBe("proxy");
    expect(t.status().initContainerStatuses[0]?.restartCount).toBe(1);
    main.exit(0);
    await t.until(() => proxy2.signals.includes("SIGTERM"));
    await t.worker.done;
    expect(t.status().phase).toBe("Succeeded");
    expect(t.spawner.processes).toHaveLength(4);
  });

  it("reports the termination message file, or with FallbackToLogsOnError the end of the log", async () => {
    const t = setup({
      restartPolicy: "Never",
      containers: [
        { name: "a", ...sh("echo done > /dev/termination-log") },
        { name: "b", ...sh("fail"), terminationMessagePolicy: "FallbackToLogsOnError" },
        { name: "c", ...sh("quiet"), terminationMessagePath: "/tmp/msg" },
      ],
    });
    await t.spawner.spawned(3);
    const a = t.spawner.find(/^sh -c echo done > /);
    const file = a?.spec.env.WEFT_TERMINATION_LOG ?? "";
    expect(a?.spec.args[1]).toBe(`echo done > ${file}`);
    writeFileSync(file, "all good");
    a?.exit(0);
    const b = t.spawner.find("fail");
    b?.stdout("line 1\nlast words\n");
    b?.exit(2);
    t.spawner.find("quiet")?.exit(0);
    await t.worker.done;
    const [sa, sb, sc] = t.status().containerStatuses;
    expect(sa?.state.terminated?.message).toBe("all good");
    expect(sb?.state.terminated?.message).toBe("line 1\nlast words\n");
    expect(sc?.state.terminated?.message).toBeUndefined();
  });

  it("stops cleanly while an init sidecar cannot start yet (missing config)", async () => {
    const t = setup({
      restartPolicy: "Never",
      initContainers: [
        {
          name: "proxy",
          restartPolicy: "Always",
          ...sh("proxy"),
          env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "missing", key: "k" } } }],
        },
      ],
      containers: [{ name: "main", ...sh("main") }],
    });
    await t.until((s) => s.initContainerStatuses[0]?.state.waiting?.reason === "CreateContainerConfigError");
    await t.worker.stop({ gracePeriodSeconds: 1 });
    await t.worker.done;
    expect(t.spawner.processes).toHaveLength(0);
    expect(t.status().phase).toBe("Failed");
  });
});
