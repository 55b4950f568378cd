/**
 * The pods/log subresource. As kube-apiserver does, it proxies to the kubelet of the pod's node:
 * `GET http://{node InternalIP}:{status.daemonEndpoints.kubeletEndpoint.Port}/containerLogs/{ns}/{pod}/{container}`
 * with the log options (follow, tailLines, timestamps, sinceSeconds, limitBytes, previous) passed through.
 */

import type { ServerResponse } from "node:http";
import { request } from "node:http";
import { ApiError, badRequest } from "./status.js";
import { isRecord, type KubeObject } from "./types.js";

const PASSED = ["follow", "tailLines", "timestamps", "sinceSeconds", "sinceTime", "limitBytes", "previous"];

function names(list: unknown): string[] {
  return Array.isArray(list)
    ? list.flatMap((c) => (isRecord(c) && typeof c.name === "string" ? [c.name] : []))
    : [];
}

/** Where the kubelet of `node` serves container logs. */
export function kubeletEndpoint(node: KubeObject): { host: string; port: number } | undefined {
  const status = isRecord(node.status) ? node.status : {};
  const endpoints = isRecord(status.daemonEndpoints) ? status.daemonEndpoints : {};
  const kubelet = isRecord(endpoints.kubeletEndpoint) ? endpoints.kubeletEndpoint : {};
  const port = typeof kubelet.Port === "number" ? kubelet.Port : undefined;
  const addresses = Array.isArray(status.addresses) ? status.addresses.filter(isRecord) : [];
  const pick = (type: string) => addresses.find((a) => a.type === type)?.address;
  const host = pick("InternalIP") ?? pick("Hostname") ?? pick("ExternalIP");
  if (port === undefined || typeof host !== "string") return undefined;
  return { host, port };
}

export function resolveContainer(pod: KubeObject, requested: string | null): string {
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const containers = names(spec.containers);
  const all = [...names(spec.initContainers), ...containers];
  const podName = pod.metadata.name ?? "";
  if (requested !== null && requested !== "") {
    if (!all.includes(requested)) {
      throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    }
    return requested;
  }
  if (containers.length === 1 && containers[0] !== undefined) return containers[0];
  throw badRequest(
    `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`,
  );
}

export function proxyLogs(
  pod: KubeObject,
  node: KubeObject | undefined,
  query: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const container = resolveContainer(pod, query.get("container"));
  const podName = pod.metadata.name ?? "";
  const spec = isRecord(pod.spec) ? pod.spec : {};
  if (typeof spec.nodeName !== "string" || spec.nodeName === "") {
    throw badRequest(`pod ${podName} does not have a host assigned`);
  }
  const endpoint = node === undefined ? undefined : kubeletEndpoint(node);
  if (endpoint === undefined) {
    throw badRequest(`pod ${podName}: node ${spec.nodeName} does not report a kubelet endpoint`);
  }
  const params = new URLSearchParams();
  for (const p of PASSED) {
    const v = query.get(p);
    if (v !== null) params.set(p, v);
  }
  const path = `/containerLogs/${encodeURIComponent(pod.metadata.namespace ?? "")}/${encodeURIComponent(podName)}/${encodeURIComponent(container)}?${params}`;
  return new Promise((resolve, reject) => {
    const upstream = request({ host: endpoint.host, port: endpoint.port, path, method: "GET" }, (up) => {
      const code = up.statusCode ?? 502;
      if (code !== 200) {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8").trim();
          reject(
            new ApiError(
              code >= 500 ? 500 : 400,
              code >= 500 ? "InternalError" : "BadRequest",
              text || `kubelet answered ${code}`,
            ),
          );
        });
        return;
      }
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.flushHeaders();
      up.pipe(res);
      up.on("end", () => resolve());
      res.on("close", () => {
        up.destroy();
        resolve();
      });
    });
    upstream.on("error", (err) => {
      if (res.headersSent) {
        res.end();
        resolve();
      } else {
        reject(
          new ApiError(
            500,
            "InternalError",
            `Get "http://${endpoint.host}:${endpoint.port}${path}": ${err.message}`,
          ),
        );
      }
    });
    upstream.end();
  });
}
