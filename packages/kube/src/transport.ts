import { IsomorphicFetchHttpLibrary, type KubeConfig, RequestContext } from "@kubernetes/client-node";
import { type Clock, systemClock } from "./clock.js";
import { apiError } from "./errors.js";
import type { RequestRateLimiter } from "./rate-limiter.js";
import type { RequestHook, RequestInfo, Verb } from "./request-info.js";
import { type ResourceType, resourcePath } from "./resource-type.js";

export type QueryValue = string | number | boolean | undefined;

export interface ApiRequest {
  readonly verb: Verb;
  readonly resource: ResourceType;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Serialised as JSON. */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal | undefined;
  /** Overrides the transport's request timeout (0: none). Watches have none. */
  readonly timeoutMs?: number;
}

export interface StreamResponse {
  readonly stream: ReadableStream<Uint8Array>;
}

export interface TransportOptions {
  config: KubeConfig;
  limiter?: RequestRateLimiter | undefined;
  hooks?: readonly RequestHook[];
  clock?: Clock;
  /** Abandon a non-watch request after this long. Default 60 s; 0 for none. */
  requestTimeoutMs?: number;
  userAgent?: string;
}

const METHOD: Record<Verb, "GET" | "POST" | "PUT" | "PATCH" | "DELETE"> = {
  get: "GET",
  list: "GET",
  watch: "GET",
  create: "POST",
  update: "PUT",
  patch: "PATCH",
  delete: "DELETE",
};

/**
 * Sends API requests with client-node's HTTP stack (its kubeconfig authentication, TLS and connection pool):
 * waits for the rate limiter, applies a timeout, decodes failures into typed errors, reports every request to the
 * hooks with its status code.
 */
export class Transport {
  readonly config: KubeConfig;
  readonly limiter: RequestRateLimiter | undefined;
  readonly #hooks: RequestHook[];
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #server: string;
  readonly #http = new IsomorphicFetchHttpLibrary();
  readonly #userAgent: string;
  /** client-node 2.0.1 builds a new undici Agent (a new connection pool) for every request; keep the first one. */
  #dispatcher: ReturnType<RequestContext["getDispatcher"]>;
  #dispatcherKey = "";

  constructor(options: TransportOptions) {
    this.config = options.config;
    this.limiter = options.limiter;
    this.#hooks = [...(options.hooks ?? [])];
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.requestTimeoutMs ?? 60_000;
    this.#userAgent = options.userAgent ?? "weft-kube";
    const server = this.config.getCurrentCluster()?.server;
    if (server === undefined) throw new TypeError("transport: the kubeconfig has no current cluster");
    this.#server = server.replace(/\/+$/, "");
  }

  /** Adds a request hook; returns a function that removes it. */
  onRequest(hook: RequestHook): () => void {
    this.#hooks.push(hook);
    return () => {
      const i = this.#hooks.indexOf(hook);
      if (i >= 0) this.#hooks.splice(i, 1);
    };
  }

  /** Sends a request and parses its JSON answer; a non-2xx answer throws the typed error. */
  async json<T>(req: ApiRequest): Promise<T> {
    const { status, headers, text } = await this.#send(req, false);
    if (status < 200 || status > 299) throw apiError(status, text ?? "", headers, describe(req));
    return (text === undefined || text === "" ? {} : JSON.parse(text)) as T;
  }

  /** Opens a streaming GET (a watch); a non-2xx answer throws the typed error. */
  async stream(req: ApiRequest): Promise<StreamResponse> {
    const { status, headers, text, stream } = await this.#send(req, true);
    if (status < 200 || status > 299 || stream === null)
      throw apiError(status, text ?? "", headers, describe(req));
    return { stream };
  }

  async #send(
    req: ApiRequest,
    streaming: boolean,
  ): Promise<{
    status: number;
    headers: Record<string, string>;
    text?: string;
    stream: ReadableStream<Uint8Array> | null;
  }> {
    const path = resourcePath(req.resource, req.namespace, req.name, req.subresource);
    const url = new URL(this.#server + path);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    if (req.verb === "watch") url.searchParams.set("watch", "true");
    const method = METHOD[req.verb];
    const info = {
      verb: req.verb,
      kind: req.subresource === undefined ? req.resource.plural : `${req.resource.plural}/${req.subresource}`,
      group: req.resource.group,
      namespace: req.namespace,
      name: req.name,
      method,
      path,
    };
    let waited = 0;
    if (this.limiter !== undefined) waited = await this.limiter.acquire(req.signal);
    const ctx = new RequestContext(url.toString(), method);
    const started = this.#clock.now();
    try {
      await this.config.applySecurityAuthentication(ctx);
    } catch (error) {
      // An exec or token-file credential that cannot be produced: reported like a request without an answer.
      this.#report({
        ...info,
        statusCode: 0,
        durationMs: this.#clock.now() - started,
        rateLimitWaitMs: waited,
        error,
      });
      throw error;
    }
    const key = `${this.config.getCurrentContext()}|${this.config.getCurrentUser()?.name ?? ""}`;
    if (this.#dispatcher === undefined || key !== this.#dispatcherKey) {
      this.#dispatcher = ctx.getDispatcher();
      this.#dispatcherKey = key;
    } else ctx.setDispatcher(this.#dispatcher);
    ctx.setHeaderParam("Accept", "application/json");
    ctx.setHeaderParam("User-Agent", this.#userAgent);
    if (req.body !== undefined) {
      ctx.setHeaderParam("Content-Type", req.contentType ?? "application/json");
      ctx.setBody(JSON.stringify(req.body));
    }
    const timeoutMs = streaming ? 0 : (req.timeoutMs ?? this.#timeoutMs);
    const signals: AbortSignal[] = [];
    if (req.signal !== undefined) signals.push(req.signal);
    if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
    if (signals.length > 0)
      ctx.setSignal(signals.length === 1 ? (signals[0] as AbortSignal) : AbortSignal.any(signals));
    try {
      const res = await this.#http.send(ctx).toPromise();
      const status = res.httpStatusCode;
      const ok = status >= 200 && status <= 299;
      const stream = streaming && ok ? res.body.stream() : null;
      const text = stream === null ? await res.body.text() : undefined;
      this.#report({
        ...info,
        statusCode: status,
        durationMs: this.#clock.now() - started,
        rateLimitWaitMs: waited,
      });
      return { status, headers: res.headers, stream, ...(text === undefined ? {} : { text }) };
    } catch (error) {
      this.#report({
        ...info,
        statusCode: 0,
        durationMs: this.#clock.now() - started,
        rateLimitWaitMs: waited,
        error,
      });
      throw error;
    }
  }

  #report(info: RequestInfo): void {
    for (const hook of this.#hooks) {
      try {
        hook(info);
      } catch {
        // hooks observe; they never change the outcome
      }
    }
  }
}

function describe(req: ApiRequest): string {
  const what = req.name === undefined ? req.resource.plural : `${req.resource.plural} "${req.name}"`;
  return req.namespace === undefined ? `${req.verb} ${what}` : `${req.verb} ${what} in ${req.namespace}`;
}
