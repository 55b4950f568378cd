import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { StaticConfigSource } from "./config-source.js";
import { ContainerConfigError } from "./container-config-error.js";
import { resolveContainerEnv } from "./env.js";

const pod: V1Pod = {
  metadata: { name: "p1", namespace: "ns", uid: "u-1", labels: { app: "web" } },
  spec: { nodeName: "n1", containers: [] },
};
const context = {
  hostIP: "127.0.0.1",
  podIP: "127.0.0.1",
  allocatableCpu: 4,
  allocatableMemory: 8 * 2 ** 30,
};
const source = new StaticConfigSource()
  .setConfigMap("ns", "cm", { COLOR: "blue", SIZE: "3" })
  .setSecret("ns", "sec", { PASSWORD: "hunter2" });

function container(c: Partial<V1Container>): V1Container {
  return { name: "main", ...c };
}

describe("resolveContainerEnv", () => {
  it("applies envFrom first, then env in order with $(VAR) expansion", async () => {
    const env = await resolveContainerEnv(
      pod,
      container({
        envFrom: [{ configMapRef: { name: "cm" } }, { prefix: "S_", secretRef: { name: "sec" } }],
        env: [
          { name: "COLOR", value: "red" },
          { name: "MSG", value: "$(COLOR)-$(SIZE)-$(LATER)-$(FROM_BASE)" },
          { name: "LATER", value: "x" },
        ],
      }),
      source,
      context,
      { FROM_BASE: "b" },
    );
    expect(env).toEqual({
      COLOR: "red",
      SIZE: "3",
      S_PASSWORD: "hunter2",
      MSG: "red-3-$(LATER)-b",
      LATER: "x",
    });
  });

  it("resolves fieldRef, resourceFieldRef and key refs", async () => {
    const env = await resolveContainerEnv(
      pod,
      container({
        resources: { limits: { memory: "64Mi" } },
        env: [
          { name: "NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
          { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
          { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
          { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
          { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
          { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
          { name: "C", valueFrom: { configMapKeyRef: { name: "cm", key: "COLOR" } } },
          { name: "P", valueFrom: { secretKeyRef: { name: "sec", key: "PASSWORD" } } },
          { name: "OPT", valueFrom: { secretKeyRef: { name: "nope", key: "k", optional: true } } },
        ],
      }),
      source,
      context,
    );
    expect(env).toEqual({
      NAME: "p1",
      NS: "ns",
      APP: "web",
      NODE: "n1",
      IP: "127.0.0.1",
      MEM: "64",
      CPU: "4",
      C: "blue",
      P: "hunter2",
    });
  });

  it("fails with the kubelet's messages for missing objects and keys", async () => {
    const missing = (env: NonNullable<V1Container["env"]>) =>
      resolveContainerEnv(pod, container({ env }), source, context);
    await expect(
      missing([{ name: "X", valueFrom: { configMapKeyRef: { name: "gone", key: "k" } } }]),
    ).rejects.toThrow(new ContainerConfigError('configmap "gone" not found'));
    await expect(
      missing([{ name: "X", valueFrom: { configMapKeyRef: { name: "cm", key: "k" } } }]),
    ).rejects.toThrow("couldn't find key k in ConfigMap ns/cm");
    await expect(
      missing([{ name: "X", valueFrom: { secretKeyRef: { name: "sec", key: "k" } } }]),
    ).rejects.toThrow("couldn't find key k in Secret ns/sec");
    await expect(
      missing([{ name: "X", valueFrom: { fieldRef: { fieldPath: "spec.bogus" } } }]),
    ).rejects.toThrow('unsupported fieldPath "spec.bogus"');
  });
});
