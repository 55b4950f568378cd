/** REST routing: turns an HTTP request into discovery, CRUD, watch or subresource calls and writes the answer. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { isAuthenticated } from "./auth.js";
import { decodeBody, mediaType, readBody } from "./body.js";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from "./discovery.js";
import { type FaultInjector, faultError, type RequestFacts, type Verb } from "./faults.js";
import { awaitResourceVersion } from "./freshness.js";
import {
  type DeleteOptions,
  type FieldValidation,
  type ObjectService,
  PATCH_CONTENT_TYPES,
  type WriteOptions,
} from "./object-service.js";
import { proxyLogs } from "./pod-logs.js";
import { decodeProtobufObject } from "./protobuf.js";
import { apiVersionOf, type ResourceType } from "./resource-type.js";
import { parseApiPath } from "./router.js";
import { type ObjectFilter, parseFieldSelector, parseLabelSelector } from "./selectors.js";
import type { ServiceAccountTokens } from "./service-account-tokens.js";
import {
  ApiError,
  badRequest,
  conflict,
  internalError,
  methodNotSupported,
  unauthorized,
  unknownResource,
  unsupportedMediaType,
} from "./status.js";
import { toTable, wantsTable } from "./table.js";
import { type Clock, isRecord, type KubeObject } from "./types.js";
import { type OpenWatch, presentFor, serveWatch } from "./watch.js";

export interface HandlerContext {
  service: ObjectService;
  faults: FaultInjector;
  clock: Clock;
  log: Logger;
  token: string;
  serverAddress: () => string;
  watches: Set<OpenWatch>;
  bookmarkIntervalMs: number;
  tokens: ServiceAccountTokens;
}

interface Reply {
  code: number;
  body: unknown;
}

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-cache, private",
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  send(res, err.code, err.toStatus(), err.headers);
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

function parseIntParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)} is not an integer`);
  return n;
}

function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return v === "true" || v === "1" || v === "";
}

function writeOptions(q: URLSearchParams, warnings: string[]): WriteOptions {
  const fv = q.get("fieldValidation");
  if (fv !== null && fv !== "Strict" && fv !== "Warn" && fv !== "Ignore") {
    throw badRequest(
      `fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Warn", "Strict"`,
    );
  }
  const dryRun = q.getAll("dryRun");
  for (const d of dryRun) {
    if (d !== "All") throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  }
  const o: WriteOptions = { warnings, dryRun: dryRun.length > 0 };
  if (fv !== null) o.fieldValidation = fv as FieldValidation;
  const fm = q.get("fieldManager");
  if (fm !== null) o.fieldManager = fm;
  return o;
}

function filterOf(rt: ResourceType, q: URLSearchParams): ObjectFilter {
  const fields = ["metadata.name", "metadata.namespace", ...rt.selectableFields];
  return {
    labels: parseLabelSelector(q.get("labelSelector") ?? ""),
    fields: parseFieldSelector(q.get("fieldSelector") ?? "", fields, rt.custom),
  };
}

function verbOf(method: string, name: string | undefined, q: URLSearchParams, watchPrefix: boolean): Verb {
  switch (method) {
    case "GET":
    case "HEAD":
      if (watchPrefix || boolParam(q, "watch") === true) return "watch";
      return name === undefined ? "list" : "get";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return name === undefined ? "deletecollection" : "delete";
    default:
      return "get";
  }
}

export async function handleRequest(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  try {
    if (!isAuthenticated(req.headers, ctx.token, (t) => ctx.tokens.verify(t))) throw unauthorized();
    if (/^\/(healthz|livez|readyz)(\/.*)?$/.test(url.pathname)) {
      res.writeHead(200, {
        "Content-Type": "text/plain; charset=utf-8",
        "X-Content-Type-Options": "nosniff",
      });
      res.end("ok");
      return;
    }
    if (url.pathname === "/openapi/v2") {
      serveOpenApiV2(req, res);
      return;
    }
    const reply = await route(ctx, req, res, url, method);
    if (reply !== undefined) send(res, reply.code, reply.body, replyHeaders(res));
  } catch (err) {
    if (err instanceof ApiError) {
      sendError(res, err);
    } else {
      ctx.log.error({ err, method, path: url.pathname }, "request failed");
      sendError(res, internalError(err instanceof Error ? err.message : String(err)));
    }
  }
}

const WARNINGS = Symbol("warnings");

function replyHeaders(res: ServerResponse): Record<string, string> {
  const warnings = (res as unknown as Record<symbol, string[] | undefined>)[WARNINGS] ?? [];
  return warnings.length === 0
    ? {}
    : { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(", ") };
}

async function route(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
): Promise<Reply | undefined> {
  const path = parseApiPath(url.pathname);
  const registry = ctx.service.registry;
  switch (path.kind) {
    case "root":
      return rootPath(path.path);
    case "core-versions":
      return { code: 200, body: apiVersions(ctx.serverAddress()) };
    case "group-list":
      return { code: 200, body: apiGroupList(registry) };
    case "group": {
      const g = apiGroup(registry, path.group);
      if (g === undefined) throw unknownResource();
      return { code: 200, body: g };
    }
    case "resource-list": {
      const list = apiResourceList(registry, path.group, path.version);
      if (list === undefined) throw unknownResource();
      return { code: 200, body: list };
    }
    case "unknown":
      throw unknownResource();
    case "resource":
      break;
  }
  const { group, version, namespace, resource, name, subresource, watchPrefix } = path;
  if (!["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].includes(method)) {
    throw methodNotSupported({ group, resource }, method.toLowerCase());
  }
  const rt = registry.lookup(group, version, resource);
  if (rt === undefined) throw unknownResource();
  if (namespace !== undefined && !rt.namespaced) throw unknownResource();
  const q = url.searchParams;
  const verb = verbOf(method, name, q, watchPrefix);
  const facts: RequestFacts = { verb, resource, subresource, group, namespace, name };
  const fault = ctx.faults.take(facts);
  if (fault !== undefined) {
    if (fault.type === "reset") {
      req.socket.destroy();
      return undefined;
    }
    if (fault.type === "delay") await sleep(ctx.clock, fault.ms);
    if (fault.type === "status") {
      const err = faultError(fault);
      if (verb === "watch" && fault.code === 410) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(`${JSON.stringify({ type: "ERROR", object: err.toStatus() })}\n`);
        return undefined;
      }
      throw err;
    }
  }
  ctx.log.debug({ verb, group, version, resource, namespace, name, subresource }, "request");
  const warnings: string[] = [];
  (res as unknown as Record<symbol, string[]>)[WARNINGS] = warnings;
  const present = presentFor(rt, version);
  const service = ctx.service;

  if (subresource !== undefined) {
    return handleSubresource(
      ctx,
      req,
      res,
      rt,
      version,
      namespace,
      name ?? "",
      subresource,
      method,
      q,
      warnings,
    );
  }
  if (rt.namespaced && namespace === undefined && name !== undefined) throw unknownResource();

  switch (verb) {
    case "watch": {
      const filter = filterOf(rt, q);
      await awaitResourceVersion(service.store, q.get("resourceVersion") ?? "", ctx.clock);
      if (name !== undefined) filter.fields.push({ field: "metadata.name", op: "=", value: name });
      const timeout = parseIntParam(q, "timeoutSeconds");
      serveWatch(
        res,
        {
          rt,
          version,
          namespace,
          filter,
          resourceVersion: q.get("resourceVersion") ?? "",
          allowBookmarks: boolParam(q, "allowWatchBookmarks") === true,
          sendInitialEvents: boolParam(q, "sendInitialEvents"),
          timeoutSeconds: timeout,
          ...(fault?.type === "cutWatch"
            ? { cutAfter: { ms: fault.afterMs, mode: fault.mode ?? "reset" } }
            : {}),
        },
        {
          store: service.store,
          clock: ctx.clock,
          bookmarkIntervalMs: ctx.bookmarkIntervalMs,
          open: ctx.watches,
          present: wantsTable(req.headers.accept)
            ? (obj) =>
                toTable(
                  rt,
                  [obj],
                  obj.metadata.resourceVersion ?? "",
                  ctx.clock.now(),
                  crdOf(ctx, rt),
                  version,
                ) as KubeObject
            : present,
        },
      );
      return undefined;
    }
    case "list": {
      const filter = filterOf(rt, q);
      const limit = parseIntParam(q, "limit");
      const match = q.get("resourceVersionMatch");
      if (match !== null && match !== "Exact" && match !== "NotOlderThan") {
        throw badRequest(
          `resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`,
        );
      }
      const rvParam = q.get("resourceVersion");
      if (match !== null && (rvParam === null || rvParam === "")) {
        throw badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
      }
      const exactRv = match === "Exact" ? Number(rvParam) : undefined;
      if (exactRv !== undefined && !Number.isInteger(exactRv))
        throw badRequest(`invalid resource version "${rvParam}"`);
      if (q.get("continue") === null) await awaitResourceVersion(service.store, rvParam ?? "", ctx.clock);
      const result = service.list(rt, namespace, filter, limit, q.get("continue") ?? undefined, exactRv);
      const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
      if (result.continueToken !== undefined) metadata.continue = result.continueToken;
      if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
      if (wantsTable(req.headers.accept)) {
        return {
          code: 200,
          body: toTable(rt, result.items, result.resourceVersion, ctx.clock.now(), crdOf(ctx, rt), version),
        };
      }
      const items = rt.custom
        ? result.items.map(present)
        : result.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
      return {
        code: 200,
        body: { kind: rt.listKind, apiVersion: apiVersionOf(rt.group, version), metadata, items },
      };
    }
    case "get": {
      const obj = service.get(rt, namespace, name ?? "");
      if (wantsTable(req.headers.accept)) {
        return {
          code: 200,
          body: toTable(
            rt,
            [obj],
            obj.metadata.resourceVersion ?? "",
            ctx.clock.now(),
            crdOf(ctx, rt),
            version,
          ),
        };
      }
      return { code: 200, body: present(obj) };
    }
    case "create": {
      if (name !== undefined) throw methodNotSupported({ group, resource }, "create");
      const body = await readObject(req, rt);
      const created = service.create(rt, namespace, body, writeOptions(q, warnings), version);
      return { code: 201, body: present(created) };
    }
    case "update": {
      const body = await readObject(req, rt);
      const r = service.update(
        rt,
        namespace,
        name ?? "",
        body,
        writeOptions(q, warnings),
        undefined,
        version,
      );
      return { code: r.created ? 201 : 200, body: present(r.object) };
    }
    case "patch": {
      const r = await patch(req, rt, namespace, name ?? "", q, warnings, undefined, ctx, version);
      return { code: r.created ? 201 : 200, body: present(r.object) };
    }
    case "delete": {
      const opts = await deleteOptions(req, q);
      const r = service.delete(rt, namespace, name ?? "", opts);
      if (!r.removed || rt.returnDeletedObject) return { code: 200, body: present(r.object) };
      const details: Record<string, unknown> = { name, kind: rt.plural, uid: r.object.metadata.uid };
      if (group !== "") details.group = group;
      return {
        code: 200,
        body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", details },
      };
    }
    case "deletecollection": {
      if (!rt.verbs.includes("deletecollection"))
        throw methodNotSupported({ group, resource }, "deletecollection");
      const opts = await deleteOptions(req, q);
      const filter = filterOf(rt, q);
      const deleted: KubeObject[] = [];
      for (const obj of service.list(rt, namespace, filter).items) {
        try {
          deleted.push(service.delete(rt, obj.metadata.namespace, obj.metadata.name ?? "", opts).object);
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
      return {
        code: 200,
        body: {
          kind: rt.listKind,
          apiVersion: apiVersionOf(rt.group, version),
          metadata: { resourceVersion: String(service.store.resourceVersion) },
          items: deleted.map(present),
        },
      };
    }
  }
}

/**
 * An OpenAPI v2 document without type definitions (kubectl downloads it before validating and skips types it
 * does not find; the server validates on write). kubectl asks for gnostic's protobuf encoding: a Document with
 * swagger (field 1), info (2: title 1, version 2) and an empty paths (8) message.
 */
function serveOpenApiV2(req: IncomingMessage, res: ServerResponse): void {
  const version = SERVER_VERSION.gitVersion;
  if ((req.headers.accept ?? "").includes("protobuf")) {
    const field = (n: number, payload: Buffer) =>
      Buffer.concat([Buffer.from([(n << 3) | 2, payload.length]), payload]);
    const info = Buffer.concat([field(1, Buffer.from("Kubernetes")), field(2, Buffer.from(version))]);
    const doc = Buffer.concat([field(1, Buffer.from("2.0")), field(2, info), field(8, Buffer.alloc(0))]);
    res.writeHead(200, {
      "Content-Type": "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
      "Content-Length": doc.length,
    });
    res.end(doc);
    return;
  }
  send(res, 200, { swagger: "2.0", info: { title: "Kubernetes", version }, paths: {}, definitions: {} });
}

function crdOf(ctx: HandlerContext, rt: ResourceType): KubeObject | undefined {
  if (rt.crdName === undefined) return undefined;
  return ctx.service.store.get("apiextensions.k8s.io/customresourcedefinitions", undefined, rt.crdName);
}

function rootPath(path: string): Reply {
  switch (path.replace(/\/+$/, "")) {
    case "/version":
      return { code: 200, body: SERVER_VERSION };
    case "/openapi/v3":
      return { code: 200, body: { paths: {} } };
    case "":
      return {
        code: 200,
        body: { paths: ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"] },
      };
    default:
      throw unknownResource();
  }
}

async function readObject(req: IncomingMessage, rt: ResourceType): Promise<unknown> {
  const type = mediaType(req.headers["content-type"]);
  if (type === "application/vnd.kubernetes.protobuf") return decodeProtobufObject(await readBody(req));
  if (type !== "application/json" && type !== "application/yaml" && type !== "*/*") {
    throw unsupportedMediaType(type, [
      "application/json",
      "application/yaml",
      "application/vnd.kubernetes.protobuf",
    ]);
  }
  const raw = await readBody(req);
  return decodeBody(raw, type, rt.kind);
}

async function deleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptions> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (raw.length > 0 && raw.toString("utf8").trim() !== "") {
    const parsed = decodeBody(raw, mediaType(req.headers["content-type"]), "DeleteOptions");
    if (!isRecord(parsed)) throw badRequest("the body of a delete request must be a DeleteOptions object");
    body = parsed;
  }
  const opts: DeleteOptions = {};
  const grace =
    parseIntParam(q, "gracePeriodSeconds") ??
    (typeof body.gracePeriodSeconds === "number" ? body.gracePeriodSeconds : undefined);
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  let policy =
    q.get("propagationPolicy") ??
    (typeof body.propagationPolicy === "string" ? body.propagationPolicy : undefined);
  if (policy === undefined && typeof body.orphanDependents === "boolean")
    policy = body.orphanDependents ? "Orphan" : "Background";
  if (policy === undefined && q.get("orphanDependents") !== null)
    policy = q.get("orphanDependents") === "true" ? "Orphan" : "Background";
  if (policy !== undefined) {
    if (policy !== "Foreground" && policy !== "Background" && policy !== "Orphan") {
      throw badRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    opts.propagationPolicy = policy;
  }
  if (isRecord(body.preconditions)) {
    const pre: { uid?: string; resourceVersion?: string } = {};
    if (typeof body.preconditions.uid === "string") pre.uid = body.preconditions.uid;
    if (typeof body.preconditions.resourceVersion === "string")
      pre.resourceVersion = body.preconditions.resourceVersion;
    opts.preconditions = pre;
  }
  const dry = q.getAll("dryRun").length > 0 || (Array.isArray(body.dryRun) && body.dryRun.length > 0);
  if (dry) opts.dryRun = true;
  return opts;
}

async function patch(
  req: IncomingMessage,
  rt: ResourceType,
  namespace: string | undefined,
  name: string,
  q: URLSearchParams,
  warnings: string[],
  subresource: "status" | undefined,
  ctx: HandlerContext,
  version: string,
) {
  const type = mediaType(req.headers["content-type"]);
  const patchType = PATCH_CONTENT_TYPES[type];
  if (patchType === undefined) {
    throw unsupportedMediaType(type, [
      "application/json-patch+json",
      "application/merge-patch+json",
      "application/apply-patch+yaml",
      ...(rt.custom ? [] : ["application/strategic-merge-patch+json"]),
    ]);
  }
  const raw = await readBody(req);
  const body = decodeBody(raw, patchType === "apply" ? "application/yaml" : "application/json", rt.kind);
  return ctx.service.patch(
    rt,
    namespace,
    name,
    patchType,
    body,
    writeOptions(q, warnings),
    subresource,
    version,
  );
}

async function handleSubresource(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType,
  version: string,
  namespace: string | undefined,
  name: string,
  subresource: string,
  method: string,
  q: URLSearchParams,
  warnings: string[],
): Promise<Reply | undefined> {
  const service = ctx.service;
  const present = presentFor(rt, version);
  const gr = { group: rt.group, resource: `${rt.plural}/${subresource}` };
  if (subresource === "status" && rt.subresources.status) {
    switch (method) {
      case "GET":
        return { code: 200, body: present(service.get(rt, namespace, name)) };
      case "PUT": {
        const body = await readObject(req, rt);
        const r = service.update(rt, namespace, name, body, writeOptions(q, warnings), "status", version);
        return { code: 200, body: present(r.object) };
      }
      case "PATCH": {
        const r = await patch(req, rt, namespace, name, q, warnings, "status", ctx, version);
        return { code: 200, body: present(r.object) };
      }
      default:
        throw methodNotSupported(gr, method.toLowerCase());
    }
  }
  if (subresource === "finalize" && !rt.custom && rt.kind === "Namespace" && method === "PUT") {
    const body = await readObject(req, rt);
    const current = service.get(rt, undefined, name);
    const next = structuredClone(current);
    next.spec =
      isRecord(body) && isRecord(body.spec)
        ? { ...(isRecord(next.spec) ? next.spec : {}), finalizers: body.spec.finalizers ?? [] }
        : next.spec;
    const bucket = "/namespaces";
    const stored = service.store.put(bucket, next).object;
    return { code: 200, body: stored };
  }
  if (subresource === "log" && rt.subresources.log === true && method === "GET") {
    const pod = service.get(rt, namespace, name);
    const nodeType = service.registry.byGroupResource("", "nodes");
    const spec = isRecord(pod.spec) ? pod.spec : {};
    const node =
      nodeType !== undefined && typeof spec.nodeName === "string"
        ? service.find(nodeType, undefined, spec.nodeName)
        : undefined;
    await proxyLogs(pod, node, q, res);
    return undefined;
  }
  if (subresource === "token" && rt.subresources.token === true && method === "POST") {
    const account = service.get(rt, namespace, name);
    const raw = await readBody(req);
    const body =
      raw.length === 0 ? {} : decodeBody(raw, mediaType(req.headers["content-type"]), "TokenRequest");
    return { code: 201, body: ctx.tokens.issue(account, body) };
  }
  if (subresource === "binding" && rt.subresources.binding === true && method === "POST") {
    const body = await readObject(req, rt);
    const target = isRecord(body) && isRecord(body.target) ? body.target : undefined;
    if (target === undefined || typeof target.name !== "string" || target.name === "") {
      throw badRequest("Binding target.name is required");
    }
    const pod = service.get(rt, namespace, name);
    const spec = isRecord(pod.spec) ? pod.spec : {};
    if (typeof spec.nodeName === "string" && spec.nodeName !== "") {
      throw conflict(
        { group: "", resource: "pods/binding" },
        name,
        `pod ${name} is already assigned to node "${spec.nodeName}"`,
      );
    }
    if (pod.metadata.deletionTimestamp !== undefined) {
      throw conflict(
        { group: "", resource: "pods/binding" },
        name,
        `pod ${name} is being deleted, cannot be assigned to a host`,
      );
    }
    const next = structuredClone(pod);
    next.spec = { ...spec, nodeName: target.name };
    const status = isRecord(next.status) ? next.status : {};
    const conditions = Array.isArray(status.conditions)
      ? status.conditions.filter((c) => !(isRecord(c) && c.type === "PodScheduled"))
      : [];
    conditions.push({
      type: "PodScheduled",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: service.now(),
    });
    next.status = { ...status, conditions };
    service.store.put("/pods", next);
    return {
      code: 201,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 },
    };
  }
  throw unknownResource();
}
