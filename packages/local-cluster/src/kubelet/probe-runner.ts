import { connect } from "node:net";
import type { V1Container, V1Probe } from "@kubernetes/client-node";
import type { ContainerLaunch } from "./container-launch.js";
import { rewriteMountPaths } from "./mount-paths.js";
import type { ProcessSpawner } from "./process-spawner.js";

/** Runs one probe of a running container once; resolves true for success. */
export interface ProbeRunner {
  run(probe: V1Probe, container: V1Container, launch: ContainerLaunch, address: string): Promise<boolean>;
}

/** Resolves a probe's `port` (number or the name of one of the container's ports). */
export function probePort(port: number | string, container: V1Container): number | undefined {
  if (typeof port === "number") return port;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * Probes on the host: `exec` runs the command as the container's processes run (same environment and working
 * directory, mount paths rewritten) and succeeds on exit 0; `httpGet` succeeds on a status 200-399; `tcpSocket`
 * on an accepted connection. Every probe fails after `timeoutSeconds` (default 1). gRPC probes always succeed
 * (not implemented).
 */
export class HostProbeRunner implements ProbeRunner {
  readonly #spawner: ProcessSpawner;

  constructor(spawner: ProcessSpawner) {
    this.#spawner = spawner;
  }

  async run(
    probe: V1Probe,
    container: V1Container,
    launch: ContainerLaunch,
    address: string,
  ): Promise<boolean> {
    const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
    if (probe.exec !== undefined) {
      const [command, ...args] = (probe.exec.command ?? []).map((s) => rewriteMountPaths(s, launch.mounts));
      if (command === undefined) return false;
      const handle = this.#spawner.spawn({
        command,
        args,
        env: launch.env,
        cwd: launch.cwd,
        onStdout: () => {},
        onStderr: () => {},
      });
      const timer = setTimeout(() => handle.kill("SIGKILL"), timeoutMs);
      timer.unref();
      const exit = await handle.exited;
      clearTimeout(timer);
      return exit.code === 0;
    }
    if (probe.httpGet !== undefined) {
      const port = probePort(probe.httpGet.port, container);
      if (port === undefined) return false;
      const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
      const host = probe.httpGet.host ?? address;
      const headers = Object.fromEntries((probe.httpGet.httpHeaders ?? []).map((h) => [h.name, h.value]));
      try {
        const res = await fetch(`${scheme}://${host}:${port}${probe.httpGet.path ?? "/"}`, {
          headers,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
        await res.body?.cancel();
        return res.status >= 200 && res.status < 400;
      } catch {
        return false;
      }
    }
    if (probe.tcpSocket !== undefined) {
      const port = probePort(probe.tcpSocket.port, container);
      if (port === undefined) return false;
      const host = probe.tcpSocket.host ?? address;
      return new Promise((resolve) => {
        const socket = connect({ host, port, timeout: timeoutMs });
        const done = (ok: boolean) => {
          socket.destroy();
          resolve(ok);
        };
        socket.once("connect", () => done(true));
        socket.once("timeout", () => done(false));
        socket.once("error", () => done(false));
      });
    }
    return true;
  }
}
