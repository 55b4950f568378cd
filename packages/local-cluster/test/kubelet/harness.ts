import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { RequestOptions } from "node:https";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { V1Pod } from "@kubernetes/client-node";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { type ApiServer, startApiServer } from "../../src/index.ts";
import type { KubeletOptions } from "../../src/kubelet/kubelet.ts";
import { Kubelet } from "../../src/kubelet/kubelet.ts";

export interface Harness {
  readonly server: ApiServer;
  readonly kubelet: Kubelet;
  /** The options the harness's kubelet was made with (to start another on the same node and rootDir). */
  readonly kubeletOptions: KubeletOptions;
  readonly core: CoreV1Api;
  readonly root: string;
  /** Creates a pod in `default` from a compact spec. */
  createPod(pod: V1Pod): Promise<V1Pod>;
  /** Polls the pod until `pred` holds (or fails after `ms`), returning it. */
  waitForPod(name: string, pred: (pod: V1Pod) => boolean, ms?: number): Promise<V1Pod>;
  /** Resolves once the pod object no longer exists. */
  waitForGone(name: string, ms?: number): Promise<void>;
  /** GET on the API server with the kubeconfig's credentials and CA (http or https), as a streaming Response. */
  fetch(path: string): Promise<Response>;
  close(): Promise<void>;
}

export async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A GET through node:http(s) with what the kubeconfig says (token, CA): global fetch cannot take a private CA. */
export async function get(kc: KubeConfig, url: string): Promise<Response> {
  const options: RequestOptions = { method: "GET" };
  await kc.applyToHTTPSOptions(options);
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
      resolve(
        new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, {
          status: res.statusCode ?? 0,
          headers,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

export async function startHarness(extra: Partial<KubeletOptions> = {}): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), "weft-kubelet-e2e-"));
  const server = await startApiServer({ kubeconfigPath: join(root, "kubeconfig") });
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(server.kubeconfigPath, "utf8"));
  const core = kc.makeApiClient(CoreV1Api);
  const kubeletOptions: KubeletOptions = {
    kubeConfig: kc,
    nodeName: "weft-local",
    rootDir: join(root, "kubelet"),
    schedule: true,
    initialBackoffMs: 100,
    maxBackoffMs: 400,
    retryMs: 100,
    shutdownGracePeriodSeconds: 1,
    ...extra,
  };
  const kubelet = new Kubelet(kubeletOptions);
  await kubelet.start();
  const h: Harness = {
    server,
    kubelet,
    kubeletOptions,
    core,
    root,
    createPod: (pod) => core.createNamespacedPod({ namespace: "default", body: pod }),
    waitForPod: (name, pred, ms = 10_000) =>
      until(`pod ${name}`, ms, async () => {
        const pod = await core.readNamespacedPod({ name, namespace: "default" });
        return pred(pod) ? pod : undefined;
      }),
    waitForGone: async (name, ms = 10_000) => {
      await until(`pod ${name} to be gone`, ms, async () => {
        try {
          await core.readNamespacedPod({ name, namespace: "default" });
          return undefined;
        } catch (err) {
          if (typeof err === "object" && err !== null && "code" in err && err.code === 404) return true;
          throw err;
        }
      });
    },
    fetch: (path) => get(kc, `${server.url}${path}`),
    close: async () => {
      await kubelet.stop();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return h;
}

export function phase(p: string): (pod: V1Pod) => boolean {
  return (pod) => pod.status?.phase === p;
}

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as dead). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}
