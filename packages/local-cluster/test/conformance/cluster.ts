/**
 * The cluster the conformance suite runs against: this package's API server, or, when KUBECONFIG_UNDER_TEST names
 * a kubeconfig, that (real) cluster. Tests that only make sense locally (fault injection, persistence) use
 * `LOCAL` to run only without KUBECONFIG_UNDER_TEST and carry "local-only" in their names.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";
import {
  ApiException,
  ApiextensionsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from "@kubernetes/client-node";
import { type ApiServer, startApiServer } from "../../src/index.ts";

export const UNDER_TEST = process.env.KUBECONFIG_UNDER_TEST;
export const LOCAL = UNDER_TEST === undefined || UNDER_TEST === "";

/** Per-test and per-hook time limit: generous, since a shared CI machine or a real cluster can be slow. */
export const TEST_TIMEOUT = LOCAL ? 30_000 : 180_000;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): Record<string, unknown>;
}

export interface Cluster {
  kc: KubeConfig;
  kubeconfigPath: string;
  server: string;
  local: ApiServer | undefined;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  ext: ApiextensionsV1Api;
  coord: CoordinationV1Api;
  raw(method: string, path: string, init?: RawInit): Promise<RawResponse>;
  /** Opens a streaming GET and collects its newline-delimited JSON lines. */
  stream(path: string, init?: RawInit): Promise<LineStream>;
  /** A fresh namespace, deleted by close(). */
  namespace(prefix: string): Promise<string>;
  close(): Promise<void>;
}

export interface RawInit {
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send no credentials. */
  anonymous?: boolean;
}

export interface LineStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  lines: Record<string, unknown>[];
  /** The raw body chunks as they arrived. */
  chunks: string[];
  ended: boolean;
  close(): void;
}

export async function connect(): Promise<Cluster> {
  let local: ApiServer | undefined;
  const kc = new KubeConfig();
  let kubeconfigPath: string;
  if (LOCAL) {
    local = await startApiServer({ bookmarkIntervalMs: 200 });
    kubeconfigPath = local.kubeconfigPath;
  } else {
    kubeconfigPath = UNDER_TEST ?? "";
  }
  kc.loadFromFile(kubeconfigPath);
  const server = kc.getCurrentCluster()?.server ?? "";
  const namespaces: string[] = [];
  const core = kc.makeApiClient(CoreV1Api);

  async function options(method: string, path: string, init: RawInit): Promise<RequestOptions> {
    const url = new URL(server + path);
    const opts: RequestOptions = {
      method,
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: {},
    };
    await kc.applyToHTTPSOptions(opts);
    const headers = { ...(opts.headers as Record<string, string>) };
    if (init.anonymous === true) {
      delete headers.authorization;
      delete headers.Authorization;
      delete opts.cert;
      delete opts.key;
    }
    opts.headers = { ...headers, ...(init.headers ?? {}) };
    if (init.contentType !== undefined) opts.headers["content-type"] = init.contentType;
    if (init.body !== undefined) opts.headers["content-length"] = String(Buffer.byteLength(init.body));
    return opts;
  }
  const send = server.startsWith("https:") ? httpsRequest : httpRequest;

  const raw = async (method: string, path: string, init: RawInit = {}): Promise<RawResponse> => {
    const opts = await options(method, path, init);
    return new Promise((resolve, reject) => {
      const req = send(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      });
      req.on("error", reject);
      if (init.body !== undefined) req.write(init.body);
      req.end();
    });
  };

  const stream = async (path: string, init: RawInit = {}): Promise<LineStream> => {
    const opts = await options("GET", path, init);
    return new Promise((resolve, reject) => {
      const req = send(opts, (res) => {
        const out: LineStream = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          lines: [],
          chunks: [],
          ended: false,
          close: () => req.destroy(),
        };
        let buffer = "";
        const json = String(res.headers["content-type"] ?? "").startsWith("application/json");
        res.on("data", (c: Buffer) => {
          out.chunks.push(c.toString("utf8"));
          if (!json) return;
          buffer += c.toString("utf8");
          let nl = buffer.indexOf("\n");
          while (nl >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim() !== "") out.lines.push(JSON.parse(line) as Record<string, unknown>);
            nl = buffer.indexOf("\n");
          }
        });
        res.on("end", () => {
          out.ended = true;
        });
        res.on("close", () => {
          out.ended = true;
        });
        resolve(out);
      });
      req.on("error", reject);
      req.end();
    });
  };

  return {
    kc,
    kubeconfigPath,
    server,
    local,
    core,
    custom: kc.makeApiClient(CustomObjectsApi),
    ext: kc.makeApiClient(ApiextensionsV1Api),
    coord: kc.makeApiClient(CoordinationV1Api),
    raw,
    stream,
    namespace: async (prefix) => {
      const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
      await core.createNamespace({ body: { metadata: { name } } });
      namespaces.push(name);
      return name;
    },
    close: async () => {
      for (const ns of namespaces) {
        try {
          await core.deleteNamespace({ name: ns });
        } catch {
          // already gone
        }
      }
      await local?.close();
    },
  };
}

export interface StatusShape {
  kind?: unknown;
  apiVersion?: unknown;
  status?: unknown;
  reason?: unknown;
  code?: unknown;
  message?: unknown;
  details?: {
    name?: unknown;
    group?: unknown;
    kind?: unknown;
    causes?: { reason?: unknown; field?: unknown }[];
  };
}

/** Awaits a client-node call that must fail, and returns the HTTP code and the parsed Status body. */
export async function failure(call: Promise<unknown>): Promise<{ code: number; status: StatusShape }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiException) {
      const body =
        typeof err.body === "string" ? (JSON.parse(err.body) as StatusShape) : (err.body as StatusShape);
      return { code: err.code, status: body };
    }
    throw err;
  }
  throw new Error("the call was expected to fail but succeeded");
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
