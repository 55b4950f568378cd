import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./harness.ts";
import { alive, phase, startHarness, until } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function logs(name: string, query = ""): Promise<string> {
  const res = await h.fetch(`/api/v1/namespaces/default/pods/${name}/log${query}`);
  return res.text();
}

describe("local kubelet against the embedded API server", { timeout: 30_000 }, () => {
  it("registers its node with a kubelet endpoint", async () => {
    const node = await h.core.readNode({ name: "weft-local" });
    expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(h.kubelet.port);
    expect(node.status?.addresses?.find((a) => a.type === "InternalIP")?.address).toBe("127.0.0.1");
    expect(node.metadata?.labels?.["kubernetes.io/hostname"]).toBe("weft-local");
    const lease = await h.fetch("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/weft-local");
    expect(lease.status).toBe(200);
    const spec = ((await lease.json()) as { spec: { holderIdentity: string; renewTime: string } }).spec;
    expect(spec.holderIdentity).toBe("weft-local");
    expect(spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("binds an unscheduled pod; an init container writes an emptyDir file the main container reads", async () => {
    const pod = (name: string, word: string) => ({
      metadata: { name },
      spec: {
        restartPolicy: "Never",
        volumes: [{ name: "work", emptyDir: {} }],
        initContainers: [
          {
            name: "init",
            image: "busybox",
            command: ["sh", "-c", `echo ${word} > /work/message`],
            volumeMounts: [{ name: "work", mountPath: "/work" }],
          },
        ],
        containers: [
          {
            name: "main",
            image: "busybox",
            command: ["sh", "-c", "cat /work/message; ls /work"],
            volumeMounts: [{ name: "work", mountPath: "/work" }],
          },
        ],
      },
    });
    await h.createPod(pod("emptydir-a", "apple"));
    await h.createPod(pod("emptydir-b", "banana"));
    const a = await h.waitForPod("emptydir-a", phase("Succeeded"));
    await h.waitForPod("emptydir-b", phase("Succeeded"));
    expect(a.spec?.nodeName).toBe("weft-local");
    expect(a.status?.initContainerStatuses?.[0]?.state?.terminated?.reason).toBe("Completed");
    expect(a.status?.conditions?.find((c) => c.type === "Initialized")?.status).toBe("True");
    expect(await logs("emptydir-a")).toBe("apple\nmessage\n");
    expect(await logs("emptydir-b")).toBe("banana\nmessage\n");
  });

  it("reports exit code 0 as Succeeded/Completed and non-zero as Failed/Error", async () => {
    const spec = (code: number) => ({
      restartPolicy: "Never",
      containers: [{ name: "c", image: "x", command: ["sh", "-c", `echo bye; exit ${code}`] }],
    });
    await h.createPod({ metadata: { name: "exit-zero" }, spec: spec(0) });
    await h.createPod({ metadata: { name: "exit-three" }, spec: spec(3) });
    const ok = await h.waitForPod("exit-zero", phase("Succeeded"));
    const bad = await h.waitForPod("exit-three", phase("Failed"));
    expect(ok.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 0,
      reason: "Completed",
    });
    expect(bad.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 3,
      reason: "Error",
    });
    const started = bad.status?.containerStatuses?.[0]?.state?.terminated?.startedAt;
    const finished = bad.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt;
    expect(started).toBeInstanceOf(Date);
    expect(finished?.getTime()).toBeGreaterThanOrEqual(started?.getTime() ?? 0);
    const events = await h.core.listNamespacedEvent({ namespace: "default" });
    expect(events.items.filter((e) => e.involvedObject.name === "exit-zero").map((e) => e.reason)).toEqual(
      expect.arrayContaining(["Scheduled", "Started"]),
    );
    expect(bad.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "PodCompleted",
    });
  });

  it("fails a pod past activeDeadlineSeconds with reason DeadlineExceeded and kills it", async () => {
    await h.createPod({
      metadata: { name: "deadline" },
      spec: {
        restartPolicy: "Never",
        activeDeadlineSeconds: 3,
        terminationGracePeriodSeconds: 1,
        containers: [{ name: "c", image: "x", command: ["sh", "-c", "echo started; sleep 60"] }],
      },
    });
    const running = await h.waitForPod("deadline", phase("Running"));
    const pid = Number(running.status?.containerStatuses?.[0]?.containerID?.split("://")[1]);
    expect(alive(pid)).toBe(true);
    const pod = await h.waitForPod("deadline", phase("Failed"));
    expect(pod.status?.reason).toBe("DeadlineExceeded");
    expect(pod.status?.message).toBe("Pod was active on the node longer than the specified deadline");
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 143,
      reason: "Error",
    });
    expect(alive(pid)).toBe(false);
  });

  it("on deletion sends SIGTERM to the whole process group, SIGKILL after the grace period, then removes the pod", async () => {
    await h.createPod({
      metadata: { name: "deleted" },
      spec: {
        restartPolicy: "Always",
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: "c",
            image: "x",
            // The shell ignores SIGTERM (so only SIGKILL ends it); its children do not.
            command: [
              "sh",
              "-c",
              "trap '' TERM; sleep 300 & echo child $!; sleep 300 & echo child $!; while :; do sleep 1; done",
            ],
          },
        ],
      },
    });
    await h.waitForPod("deleted", phase("Running"));
    const text = await until("two child pids in the log", 10_000, async () => {
      const t = await logs("deleted");
      return (t.match(/child \d+/g) ?? []).length >= 2 ? t : undefined;
    });
    const pids = [...text.matchAll(/child (\d+)/g)].map((m) => Number(m[1]));
    const worker = h.kubelet.worker("default", "deleted");
    const shellPid = Number(worker?.runtime.containers[0]?.containerID?.split("://")[1]);
    expect(pids.every(alive)).toBe(true);
    expect(alive(shellPid)).toBe(true);
    await h.core.deleteNamespacedPod({ name: "deleted", namespace: "default" });
    await h.waitForGone("deleted");
    await until("the processes to be gone", 5_000, async () =>
      [shellPid, ...pids].some(alive) ? undefined : true,
    );
  });

  it("streams logs while the container runs (follow)", async () => {
    await h.createPod({
      metadata: { name: "streaming" },
      spec: {
        restartPolicy: "Never",
        volumes: [{ name: "ctl", emptyDir: {} }],
        containers: [
          {
            name: "c",
            image: "x",
            command: ["sh", "-c", "echo first; while [ ! -f /ctl/go ]; do sleep 0.05; done; echo second"],
            volumeMounts: [{ name: "ctl", mountPath: "/ctl" }],
          },
        ],
      },
    });
    const running = await h.waitForPod("streaming", phase("Running"));
    const res = await h.fetch("/api/v1/namespaces/default/pods/streaming/log?follow=true");
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const decoder = new TextDecoder();
    let received = "";
    while (!received.includes("first\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${received}`);
      received += decoder.decode(value);
    }
    const midway = await h.core.readNamespacedPod({ name: "streaming", namespace: "default" });
    expect(midway.status?.phase).toBe("Running");
    const uid = running.metadata?.uid ?? "";
    const ctl = join(h.root, "kubelet", "pods", `default_streaming_${uid}`, "volumes", "ctl");
    expect(existsSync(ctl)).toBe(true);
    writeFileSync(join(ctl, "go"), "");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    expect(received).toBe("first\nsecond\n");
    await h.waitForPod("streaming", phase("Succeeded"));
  });

  it("resolves env from values, fieldRef, ConfigMap and Secret refs, envFrom, and mounts a configMap volume", async () => {
    await h.core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "settings" }, data: { color: "blue", "greeting.txt": "hello from a file" } },
    });
    await h.core.createNamespacedSecret({
      namespace: "default",
      body: { metadata: { name: "creds" }, stringData: { password: "hunter2" } },
    });
    await h.createPod({
      metadata: { name: "env-pod", labels: { app: "demo" } },
      spec: {
        restartPolicy: "Never",
        volumes: [
          {
            name: "cfg",
            configMap: { name: "settings", items: [{ key: "greeting.txt", path: "greeting" }] },
          },
        ],
        containers: [
          {
            name: "c",
            image: "x",
            workingDir: "/etc/app",
            command: ["sh", "-c"],
            args: [
              'echo "$GREETING $COLOR $PASSWORD $POD $APP $prefix_color $(COLOR)"; cat greeting; pwd | grep -c volumes/cfg',
            ],
            env: [
              { name: "GREETING", value: "hi" },
              { name: "COLOR", valueFrom: { configMapKeyRef: { name: "settings", key: "color" } } },
              { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
              { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
              { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            ],
            envFrom: [{ prefix: "prefix_", configMapRef: { name: "settings" } }],
            volumeMounts: [{ name: "cfg", mountPath: "/etc/app" }],
          },
        ],
      },
    });
    await h.waitForPod("env-pod", phase("Succeeded"));
    expect(await logs("env-pod")).toBe("hi blue hunter2 env-pod demo blue blue\nhello from a file1\n");
  });

  it("restarts an OnFailure container and serves the previous run's log", async () => {
    await h.createPod({
      metadata: { name: "flaky" },
      spec: {
        restartPolicy: "OnFailure",
        volumes: [{ name: "state", emptyDir: {} }],
        containers: [
          {
            name: "c",
            image: "x",
            command: [
              "sh",
              "-c",
              "if [ -f /state/once ]; then echo second; exit 0; fi; touch /state/once; echo first; exit 1",
            ],
            volumeMounts: [{ name: "state", mountPath: "/state" }],
          },
        ],
      },
    });
    const pod = await h.waitForPod("flaky", phase("Succeeded"));
    const status = pod.status?.containerStatuses?.[0];
    expect(status?.restartCount).toBe(1);
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(await logs("flaky")).toBe("second\n");
    expect(await logs("flaky", "?previous=true")).toBe("first\n");
    expect(await logs("flaky", "?timestamps=true")).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z second\n$/,
    );
  });

  it("answers log requests for unknown containers with 400 and the API's message", async () => {
    const res = await h.fetch("/api/v1/namespaces/default/pods/flaky/log?container=nope");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      reason: "BadRequest",
      message: "container nope is not valid for pod flaky",
    });
  });

  it("kills a container that exceeds its memory limit and reports OOMKilled", async () => {
    await h.createPod({
      metadata: { name: "hog" },
      spec: {
        restartPolicy: "Never",
        containers: [
          {
            name: "c",
            image: "x",
            command: [
              process.execPath,
              "-e",
              "globalThis.b = Buffer.alloc(200 * 2 ** 20, 1); setInterval(() => {}, 1000)",
            ],
            resources: { limits: { memory: "64Mi" } },
          },
        ],
      },
    });
    const pod = await h.waitForPod("hog", phase("Failed"));
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({
      exitCode: 137,
      reason: "OOMKilled",
    });
  });

  it("explains why a log is not available yet, and that there is no previous run", async () => {
    await h.createPod({
      metadata: { name: "blocked" },
      spec: {
        restartPolicy: "Never",
        containers: [
          {
            name: "c",
            image: "x",
            command: ["true"],
            env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "does-not-exist", key: "k" } } }],
          },
        ],
      },
    });
    await h.waitForPod(
      "blocked",
      (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === "CreateContainerConfigError",
    );
    const waiting = await h.fetch("/api/v1/namespaces/default/pods/blocked/log");
    expect(waiting.status).toBe(400);
    expect(((await waiting.json()) as { message: string }).message).toBe(
      'container "c" in pod "blocked" is waiting to start: CreateContainerConfigError',
    );
    const previous = await h.fetch("/api/v1/namespaces/default/pods/exit-zero/log?previous=true");
    expect(previous.status).toBe(400);
    expect(((await previous.json()) as { message: string }).message).toBe(
      'previous terminated container "c" in pod "exit-zero" not found',
    );
  });

  it("runs an exec readiness probe on the host, with mount paths rewritten", async () => {
    await h.createPod({
      metadata: { name: "probed" },
      spec: {
        volumes: [{ name: "ctl", emptyDir: {} }],
        containers: [
          {
            name: "c",
            image: "x",
            command: ["sh", "-c", "while :; do sleep 1; done"],
            readinessProbe: { exec: { command: ["test", "-f", "/ctl/ready"] }, periodSeconds: 1 },
            volumeMounts: [{ name: "ctl", mountPath: "/ctl" }],
          },
        ],
      },
    });
    const running = await h.waitForPod("probed", phase("Running"));
    expect(running.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("False");
    const uid = running.metadata?.uid ?? "";
    writeFileSync(join(h.root, "kubelet", "pods", `default_probed_${uid}`, "volumes", "ctl", "ready"), "");
    const ready = await h.waitForPod(
      "probed",
      (p) => p.status?.conditions?.find((c) => c.type === "Ready")?.status === "True",
    );
    expect(ready.status?.containerStatuses?.[0]?.ready).toBe(true);
  });

  it("binds only pods whose nodeSelector the node satisfies", async () => {
    const spec = (nodeSelector: Record<string, string>) => ({
      restartPolicy: "Never",
      nodeSelector,
      containers: [{ name: "c", image: "x", command: ["true"] }],
    });
    await h.createPod({ metadata: { name: "elsewhere" }, spec: spec({ "kubernetes.io/os": "plan9" }) });
    await h.createPod({ metadata: { name: "here" }, spec: spec({ "kubernetes.io/hostname": "weft-local" }) });
    await h.waitForPod("here", phase("Succeeded"));
    const pending = await h.core.readNamespacedPod({ name: "elsewhere", namespace: "default" });
    expect(pending.spec?.nodeName ?? "").toBe("");
    expect(pending.status?.phase).toBe("Pending");
  });

  it("runs a native sidecar next to the main container and stops it when the main container is done", async () => {
    await h.createPod({
      metadata: { name: "with-sidecar" },
      spec: {
        restartPolicy: "Never",
        terminationGracePeriodSeconds: 2,
        volumes: [{ name: "shared", emptyDir: {} }],
        initContainers: [
          {
            name: "beacon",
            image: "x",
            restartPolicy: "Always",
            command: [
              "sh",
              "-c",
              // "$$$$": Kubernetes turns "$$" into "$", so the shell sees "$$", its own pid.
              "echo $$$$ > /shared/beacon.pid; while :; do date > /shared/beat; sleep 0.05; done",
            ],
            volumeMounts: [{ name: "shared", mountPath: "/shared" }],
          },
        ],
        containers: [
          {
            name: "main",
            image: "x",
            command: ["sh", "-c", "while [ ! -s /shared/beat ]; do sleep 0.05; done; echo saw a beat"],
            volumeMounts: [{ name: "shared", mountPath: "/shared" }],
          },
        ],
      },
    });
    const pod = await h.waitForPod("with-sidecar", phase("Succeeded"));
    expect(await logs("with-sidecar", "?container=main")).toBe("saw a beat\n");
    const uid = pod.metadata?.uid ?? "";
    const pid = Number(
      readFileSync(
        join(h.root, "kubelet", "pods", `default_with-sidecar_${uid}`, "volumes", "shared", "beacon.pid"),
        "utf8",
      ),
    );
    expect(pid).toBeGreaterThan(1);
    await until("the sidecar to be stopped", 10_000, async () => (alive(pid) ? undefined : true));
    const done = await h.waitForPod(
      "with-sidecar",
      (p) => p.status?.initContainerStatuses?.[0]?.state?.terminated !== undefined,
    );
    expect(done.status?.phase).toBe("Succeeded");
  });
});
