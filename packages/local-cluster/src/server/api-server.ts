/** startApiServer: the embedded Kubernetes-compatible API server on node:http. */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { CrdController } from "./crd-controller.js";
import type { FaultInjector as FaultInjectorType } from "./faults.js";
import { FaultInjector } from "./faults.js";
import { type Defer, GarbageCollector } from "./gc.js";
import { handleRequest } from "./http-handler.js";
import { randomIds } from "./ids.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { DEFAULT_NAMESPACES, NamespaceController } from "./namespace-controller.js";
import { ObjectService } from "./object-service.js";
import { ObjectStore } from "./object-store.js";
import { DataDir } from "./persistence.js";
import { ResourceRegistry } from "./registry.js";
import { ServiceAccountTokens } from "./service-account-tokens.js";
import { selfSignedCert } from "./tls-cert.js";
import { type Clock, type IdSource, systemClock } from "./types.js";
import type { OpenWatch } from "./watch.js";

export interface ApiServerOptions {
  /** TCP port (default 0: a free port). */
  port?: number;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /**
   * Serve HTTPS with a fresh self-signed certificate that the kubeconfig trusts (default true). kubectl sends its
   * token only over TLS; with false the server speaks plain HTTP and only client-node (skip-verify) can authenticate.
   */
  tls?: boolean;
  /** Bearer token every request must carry (default: 32 random hex bytes). */
  token?: string;
  /** Directory that keeps objects across restarts (default: memory only). */
  dataDir?: string;
  /** Where to write the kubeconfig (default: a new temporary directory). */
  kubeconfigPath?: string;
  /** Structured logger (default: silent). */
  logger?: Logger;
  /** Events of each resource kept for watch replay (default 1000); older resourceVersions get 410 Gone. */
  watchHistorySize?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 60 000 ms). */
  bookmarkIntervalMs?: number;
  clock?: Clock;
  ids?: IdSource;
}

export interface ApiServer {
  /** Base URL, e.g. https://127.0.0.1:40123 */
  readonly url: string;
  readonly token: string;
  readonly kubeconfigPath: string;
  /** PEM of the self-signed certificate the server presents (undefined with tls: false). */
  readonly caPem: string | undefined;
  /** Fault injection for tests. */
  readonly faults: FaultInjectorType;
  /** Current value of the resourceVersion counter. */
  resourceVersion(): number;
  /** Stops listening, ends open watches and connections, and saves the data directory. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port must be an integer in 0..65535, got ${port}`);
  }
  const token = options.token ?? randomBytes(32).toString("hex");
  if (token === "" || /\s/.test(token))
    throw new Error("token must be a non-empty string without whitespace");
  const log = options.logger ?? pino({ level: "silent" });
  const clock = options.clock ?? systemClock;
  const store = new ObjectStore(
    options.watchHistorySize === undefined ? {} : { historySize: options.watchHistorySize },
  );
  const registry = new ResourceRegistry();
  const service = new ObjectService(store, registry, clock, options.ids ?? randomIds);
  const dataDir = options.dataDir === undefined ? undefined : new DataDir(options.dataDir, store);
  dataDir?.open();

  let closing = false;
  const defer: Defer = (fn) => {
    setImmediate(() => {
      if (closing) return;
      try {
        fn();
      } catch (err) {
        log.warn({ err }, "controller step failed");
      }
    });
  };
  const crds = new CrdController(service, defer, log);
  const gc = new GarbageCollector(service, defer, log);
  const tls = options.tls ?? true;
  const cert = tls
    ? selfSignedCert([
        "localhost",
        "127.0.0.1",
        "::1",
        ...(host === "127.0.0.1" || host === "localhost" ? [] : [host]),
      ])
    : undefined;
  const namespaces = new NamespaceController(service, defer, log, cert?.cert);
  const nsType = registry.byGroupResource("", "namespaces");
  if (nsType !== undefined) {
    for (const name of DEFAULT_NAMESPACES) {
      if (service.find(nsType, undefined, name) === undefined)
        service.create(nsType, undefined, { metadata: { name } });
    }
  }

  const tokens = new ServiceAccountTokens(clock);
  const watches = new Set<OpenWatch>();
  crds.onRemoved = (group, plural) => {
    for (const w of [...watches]) if (w.group === group && w.resource === plural) w.cut("end");
  };
  const faults = new FaultInjector(watches, store);
  let address = `${host}:${port}`;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(
      {
        service,
        faults,
        clock,
        log,
        token,
        serverAddress: () => address,
        watches,
        bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
        tokens,
      },
      req,
      res,
    );
  };
  const server: Server = cert === undefined ? createServer(onRequest) : createHttpsServer(cert, onRequest);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const urlHost = bound.family === "IPv6" ? `[${bound.address}]` : bound.address;
  address = `${urlHost}:${bound.port}`;
  const url = `${tls ? "https" : "http"}://${address}`;
  const kubeconfigPath =
    options.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), "weft-local-cluster-")), "kubeconfig");
  await writeKubeconfig(
    kubeconfigPath,
    cert === undefined ? { server: url, token } : { server: url, token, caPem: cert.cert },
  );
  log.info({ url, kubeconfigPath }, "local-cluster API server listening");

  return {
    url,
    token,
    kubeconfigPath,
    caPem: cert?.cert,
    faults,
    resourceVersion: () => store.resourceVersion,
    close: async () => {
      if (closing) return;
      closing = true;
      for (const w of [...watches]) w.cut("end");
      crds.close();
      gc.close();
      namespaces.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dataDir?.close();
    },
  };
}
