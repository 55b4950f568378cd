import type { KubeConfig } from "@kubernetes/client-node";

const PATCHED = Symbol.for("weft.cron.dispatcherReuse");

/**
 * `@kubernetes/client-node` 2.0 builds a new undici Agent for every request (`createDispatcher` in
 * `applySecurityAuthentication`), so no connection is reused: each request pays a TLS handshake and idle sockets
 * pile up until the server closes them (10,000 creates in a few seconds ran out of file descriptors). This makes a
 * KubeConfig hand out one dispatcher per (cluster, TLS options), so connections are kept alive and reused.
 * Idempotent; a KubeConfig without `createDispatcher` (another client version) is left alone.
 */
export function reuseDispatchers(kubeConfig: KubeConfig): void {
  const target = kubeConfig as unknown as {
    createDispatcher?: (cluster: unknown, options: unknown) => unknown;
    [PATCHED]?: boolean;
  };
  if (target[PATCHED] === true || typeof target.createDispatcher !== "function") return;
  const original = target.createDispatcher.bind(kubeConfig);
  const cache = new Map<string, unknown>();
  target.createDispatcher = (cluster, options) => {
    const key = JSON.stringify([cluster, options]);
    let dispatcher = cache.get(key);
    if (dispatcher === undefined) {
      dispatcher = original(cluster, options);
      cache.set(key, dispatcher);
    }
    return dispatcher;
  };
  target[PATCHED] = true;
}
