import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { V1Container } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContainerLaunch } from "./container-launch.js";
import { HostProbeRunner, probePort } from "./probe-runner.js";
import { HostProcessSpawner } from "./process-spawner.js";

const server = createServer((req, res) => {
  res.writeHead(req.url === "/healthz" && req.headers["x-probe"] === "yes" ? 200 : 503);
  res.end();
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const launch: ContainerLaunch = {
  command: "x",
  args: [],
  env: { PATH: process.env.PATH ?? "/bin:/usr/bin", FLAG: "on" },
  cwd: "/",
  mounts: [{ mountPath: "/etc/hostname-mount", hostPath: "/etc" }],
  terminationLog: "/dev/null",
};

describe("HostProbeRunner", () => {
  const runner = new HostProbeRunner(new HostProcessSpawner());
  const container: V1Container = { name: "c", ports: [{ name: "http", containerPort: 0 }] };

  it("passes exec probes on exit 0, with the container's env and rewritten mount paths", async () => {
    expect(
      await runner.run(
        { exec: { command: ["sh", "-c", 'test "$FLAG" = on'] } },
        container,
        launch,
        "127.0.0.1",
      ),
    ).toBe(true);
    expect(
      await runner.run(
        { exec: { command: ["test", "-d", "/etc/hostname-mount"] } },
        container,
        launch,
        "127.0.0.1",
      ),
    ).toBe(true);
    expect(
      await runner.run({ exec: { command: ["sh", "-c", "exit 1"] } }, container, launch, "127.0.0.1"),
    ).toBe(false);
  });

  it("passes httpGet on 2xx/3xx only, with headers and named ports", async () => {
    const named: V1Container = { name: "c", ports: [{ name: "http", containerPort: port }] };
    const get = (path: string, header: string) => ({
      httpGet: { path, port: "http", httpHeaders: [{ name: "X-Probe", value: header }] },
    });
    expect(await runner.run(get("/healthz", "yes"), named, launch, "127.0.0.1")).toBe(true);
    expect(await runner.run(get("/healthz", "no"), named, launch, "127.0.0.1")).toBe(false);
    expect(probePort("http", named)).toBe(port);
    expect(probePort("8080", named)).toBe(8080);
    expect(probePort("nope", named)).toBeUndefined();
  });

  it("passes tcpSocket when a connection is accepted", async () => {
    expect(await runner.run({ tcpSocket: { port } }, container, launch, "127.0.0.1")).toBe(true);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await runner.run({ tcpSocket: { port: freePort } }, container, launch, "127.0.0.1")).toBe(false);
  });
});
