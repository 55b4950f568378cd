/** kubectl against the server: get, apply (create and 3-way update), delete, wait, logs. */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, LOCAL, TEST_TIMEOUT, waitFor } from "../conformance/cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cmd: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

let c: Cluster;
let ns: string;
const kubectl = (...args: string[]) =>
  sh("kubectl", ["--kubeconfig", c.kubeconfigPath, "--request-timeout=20s", ...args]);
const dir = tmpdir();
const tag = Math.random().toString(36).slice(2, 7);

beforeAll(async () => {
  const install = await sh("bash", [join(import.meta.dirname, "../../scripts/ensure-kubectl.sh")]);
  if (install.code !== 0) throw new Error(`kubectl could not be installed: ${install.stderr}`);
  c = await connect();
  ns = await c.namespace("kubectl");
}, 600_000);

afterAll(async () => {
  await c.close();
});

function manifest(name: string, text: string): string {
  const path = join(dir, `lc-kubectl-${tag}-${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

describe("kubectl", () => {
  it("get lists namespaces through discovery", async () => {
    const r = await kubectl("get", "namespaces", "-o", "name");
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toContain("namespace/default");
    const table = await kubectl("get", "ns", ns);
    expect(table.stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+AGE\\n${ns}\\s+Active\\s+\\d+s\\n$`));
  });

  it("apply creates, then configures with a three-way merge; get reads fields with jsonpath", async () => {
    const v1 = manifest(
      "cm1",
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${ns}\ndata:\n  a: "1"\n  b: "keep"\n`,
    );
    const first = await kubectl("apply", "-f", v1);
    expect(first.stdout.trim()).toBe("configmap/applied created");
    const v2 = manifest(
      "cm2",
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: ${ns}\ndata:\n  a: "2"\n`,
    );
    const second = await kubectl("apply", "-f", v2);
    expect(second.stdout.trim()).toBe("configmap/applied configured");
    const data = await kubectl("get", "cm", "applied", "-n", ns, "-o", "jsonpath={.data}");
    expect(JSON.parse(data.stdout)).toEqual({ a: "2" });
    const unchanged = await kubectl("apply", "-f", v2);
    expect(unchanged.stdout.trim()).toBe("configmap/applied unchanged");
  });

  it("apply installs a CRD and its custom objects, reachable by short name", async () => {
    const group = `kubectl-${tag}.weft.example.com`;
    const crd = manifest(
      "crd",
      [
        "apiVersion: apiextensions.k8s.io/v1",
        "kind: CustomResourceDefinition",
        "metadata:",
        `  name: pipelines.${group}`,
        "spec:",
        `  group: ${group}`,
        "  scope: Namespaced",
        "  names: {plural: pipelines, singular: pipeline, kind: Pipeline, shortNames: [pl]}",
        "  versions:",
        "  - name: v1",
        "    served: true",
        "    storage: true",
        "    schema:",
        "      openAPIV3Schema:",
        "        type: object",
        "        properties:",
        "          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}",
        "",
      ].join("\n"),
    );
    expect((await kubectl("apply", "-f", crd)).stdout.trim()).toBe(
      `customresourcedefinition.apiextensions.k8s.io/pipelines.${group} created`,
    );
    const established = await kubectl(
      "wait",
      "--for=condition=Established",
      `crd/pipelines.${group}`,
      "--timeout=60s",
    );
    expect(established.code).toBe(0);
    const obj = manifest(
      "pl",
      `apiVersion: ${group}/v1\nkind: Pipeline\nmetadata:\n  name: p1\n  namespace: ${ns}\nspec:\n  steps: [a, b]\n`,
    );
    expect((await kubectl("apply", "-f", obj)).stdout.trim()).toBe(`pipeline.${group}/p1 created`);
    const steps = await kubectl("get", "pl", "p1", "-n", ns, "-o", "jsonpath={.spec.steps}");
    expect(JSON.parse(steps.stdout)).toEqual(["a", "b"]);
    const deleted = await kubectl("delete", "-f", crd);
    expect(deleted.stdout.trim()).toBe(
      `customresourcedefinition.apiextensions.k8s.io "pipelines.${group}" deleted`,
    );
  });

  it("get prints the server-side table columns for pods and configmaps", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "tabled" },
        spec: {
          containers: [
            { name: "a", image: "i" },
            { name: "b", image: "i" },
          ],
        },
      },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: "two-keys" }, data: { a: "1", b: "2" } },
    });
    const pods = await kubectl("get", "pods", "tabled", "-n", ns);
    expect(pods.stdout).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\ntabled\s+0\/2\s+Pending\s+0\s+\d+s\n$/,
    );
    const cms = await kubectl("get", "cm", "two-keys", "-n", ns);
    expect(cms.stdout).toMatch(/^NAME\s+DATA\s+AGE\ntwo-keys\s+2\s+\d+s\n$/);
  });

  it("create namespace / configmap / secret / serviceaccount (protobuf request bodies) work", async () => {
    const made = `made-${tag}`;
    expect((await kubectl("create", "namespace", made)).stdout.trim()).toBe(`namespace/${made} created`);
    try {
      const cm = await kubectl(
        "create",
        "configmap",
        "lit",
        "--from-literal=a=b",
        "--from-literal=c=d",
        "-n",
        made,
      );
      expect(cm.stdout.trim()).toBe("configmap/lit created");
      const secret = await kubectl(
        "create",
        "secret",
        "generic",
        "pw",
        "--from-literal=pw=hunter2",
        "-n",
        made,
      );
      expect(secret.stdout.trim()).toBe("secret/pw created");
      const sa = await kubectl("create", "serviceaccount", "robot", "-n", made);
      expect(sa.stdout.trim()).toBe("serviceaccount/robot created");
      const data = await kubectl("get", "cm", "lit", "-n", made, "-o", "jsonpath={.data}");
      expect(JSON.parse(data.stdout)).toEqual({ a: "b", c: "d" });
      const pw = await kubectl("get", "secret", "pw", "-n", made, "-o", "jsonpath={.type} {.data.pw}");
      expect(pw.stdout).toBe(`Opaque ${Buffer.from("hunter2").toString("base64")}`);
      const again = await kubectl("create", "configmap", "lit", "-n", made);
      expect(again.stderr).toContain('configmaps "lit" already exists');
    } finally {
      await kubectl("delete", "namespace", made, "--wait=false");
    }
  });

  it("delete removes an object; get then reports NotFound", async () => {
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "to-delete" } } });
    const r = await kubectl("delete", "configmap", "to-delete", "-n", ns);
    expect(r.stdout.trim()).toBe('configmap "to-delete" deleted');
    const missing = await kubectl("get", "configmap", "to-delete", "-n", ns);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('Error from server (NotFound): configmaps "to-delete" not found');
  });

  it("wait returns once a pod's status reaches the condition, and once an object is deleted", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: { metadata: { name: "waited" }, spec: { containers: [{ name: "c", image: "busybox" }] } },
    });
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "wait-gone" } } });
    const waiting = kubectl("wait", "--for=condition=Ready", "pod/waited", "-n", ns, "--timeout=30s");
    const deleting = kubectl("wait", "--for=delete", "configmap/wait-gone", "-n", ns, "--timeout=30s");
    // Locally, make sure both kubectl processes are watching before the changes land (the real test is the
    // event path); kubectl also accepts a condition that is already met.
    if (LOCAL) await waitFor(() => (c.local?.faults.openWatches() ?? 0) >= 2, 20_000, "kubectl watches");
    await c.core.patchNamespacedPodStatus(
      {
        name: "waited",
        namespace: ns,
        body: { status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
    );
    await c.core.deleteNamespacedConfigMap({ name: "wait-gone", namespace: ns });
    const [w, d] = await Promise.all([waiting, deleting]);
    expect(w.stdout.trim()).toBe("pod/waited condition met");
    expect(d.code).toBe(0);
  });
});

describe.runIf(LOCAL)("local-only: kubectl logs through the node's kubelet endpoint", () => {
  let kubelet: Server;
  let release: () => void = () => {};

  beforeAll(async () => {
    kubelet = createServer((req, res) => {
      const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(req.url ?? "");
      if (m === null) {
        res.writeHead(404).end("not found");
        return;
      }
      if ((req.url ?? "").includes("follow=true")) {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("first\n");
        release = () => res.end("second\n");
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`log of ${m[1]}/${m[2]}/${m[3]}\nline 2\n`);
    });
    await new Promise<void>((r) => kubelet.listen(0, "127.0.0.1", r));
    const port = (kubelet.address() as AddressInfo).port;
    await c.core.createNode({
      body: {
        metadata: { name: `node-${tag}` },
        status: {
          addresses: [{ type: "InternalIP", address: "127.0.0.1" }],
          daemonEndpoints: { kubeletEndpoint: { Port: port } },
        },
      },
    });
  });

  afterAll(async () => {
    await new Promise((r) => kubelet.close(r));
  });

  it("local-only: kubectl logs proxies to GET /containerLogs/{ns}/{pod}/{container} on the pod's node", async () => {
    await c.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: "logged" },
        spec: { nodeName: `node-${tag}`, containers: [{ name: "main", image: "busybox" }] },
      },
    });
    const r = await kubectl("logs", "logged", "-n", ns);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`log of ${ns}/logged/main\nline 2\n`);
  });

  it("local-only: a followed log streams through the API server as the kubelet writes it", async () => {
    const s = await c.stream(`/api/v1/namespaces/${ns}/pods/logged/log?follow=true`);
    expect(s.status).toBe(200);
    const text = () => s.chunks.join("");
    await waitFor(() => text() === "first\n", 5000, "first line before the end");
    expect(s.ended).toBe(false);
    release();
    await waitFor(() => s.ended, 5000, "end of the followed log");
    expect(text()).toBe("first\nsecond\n");
  });
});
