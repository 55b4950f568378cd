import type { CoreV1Api } from "@kubernetes/client-node";

/** The key/value content of a ConfigMap (data and binaryData) or a Secret (data), as bytes. */
export type KeyValues = ReadonlyMap<string, Buffer>;

/** Where the kubelet reads the ConfigMaps and Secrets that env vars and volumes refer to. */
export interface PodConfigSource {
  /** The ConfigMap's keys, or `undefined` when it does not exist. */
  configMap(namespace: string, name: string): Promise<KeyValues | undefined>;
  /** The Secret's keys (decoded), or `undefined` when it does not exist. */
  secret(namespace: string, name: string): Promise<KeyValues | undefined>;
}

function isNotFound(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && err.code === 404;
}

/** Reads ConfigMaps and Secrets from the API server on every call (no cache: pods start rarely). */
export class ApiConfigSource implements PodConfigSource {
  readonly #core: CoreV1Api;

  constructor(core: CoreV1Api) {
    this.#core = core;
  }

  async configMap(namespace: string, name: string): Promise<KeyValues | undefined> {
    try {
      const cm = await this.#core.readNamespacedConfigMap({ name, namespace });
      const out = new Map<string, Buffer>();
      for (const [k, v] of Object.entries(cm.data ?? {})) out.set(k, Buffer.from(v, "utf8"));
      for (const [k, v] of Object.entries(cm.binaryData ?? {})) out.set(k, Buffer.from(v, "base64"));
      return out;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async secret(namespace: string, name: string): Promise<KeyValues | undefined> {
    try {
      const secret = await this.#core.readNamespacedSecret({ name, namespace });
      const out = new Map<string, Buffer>();
      for (const [k, v] of Object.entries(secret.data ?? {})) out.set(k, Buffer.from(v, "base64"));
      for (const [k, v] of Object.entries(secret.stringData ?? {})) out.set(k, Buffer.from(v, "utf8"));
      return out;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/** An in-memory source, for tests and for running pods without an API server. */
export class StaticConfigSource implements PodConfigSource {
  readonly #configMaps = new Map<string, KeyValues>();
  readonly #secrets = new Map<string, KeyValues>();

  setConfigMap(namespace: string, name: string, data: Record<string, string>): this {
    this.#configMaps.set(`${namespace}/${name}`, toBytes(data));
    return this;
  }

  setSecret(namespace: string, name: string, data: Record<string, string>): this {
    this.#secrets.set(`${namespace}/${name}`, toBytes(data));
    return this;
  }

  async configMap(namespace: string, name: string): Promise<KeyValues | undefined> {
    return this.#configMaps.get(`${namespace}/${name}`);
  }

  async secret(namespace: string, name: string): Promise<KeyValues | undefined> {
    return this.#secrets.get(`${namespace}/${name}`);
  }
}

function toBytes(data: Record<string, string>): KeyValues {
  return new Map(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "utf8")]));
}
