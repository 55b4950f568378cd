import { afterEach, describe, expect, it } from "vitest";
import { parseExposition } from "../src/exposition-parser.js";
import { EXPOSITION_CONTENT_TYPE, healthRequestHandler, routes } from "../src/http.js";
import { MetricsRegistry } from "../src/registry.js";
import { serve, type TestServer } from "./support/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("metrics endpoint on the app's own server", () => {
  it("serves /metrics, /healthz and /readyz from one node:http server", async () => {
    const registry = new MetricsRegistry();
    let ready: boolean | string = "informers not synced";
    server = await serve(
      routes({
        "/metrics": registry.handler,
        "/healthz": healthRequestHandler(),
        "/readyz": healthRequestHandler(() => ready),
      }),
    );
    registry.controller.isLeader.set(1);
    const metrics = await fetch(`${server.url}/metrics?x=1`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toBe(EXPOSITION_CONTENT_TYPE);
    const families = parseExposition(await metrics.text());
    expect(families.find((f) => f.name === "argo_workflows_is_leader")?.samples[0]?.value).toBe(1);
    // The exporter's own scope and target info are off, as in Argo.
    expect(families.some((f) => f.name === "target_info")).toBe(false);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toBe("informers not synced\n");
    ready = true;
    const nowReady = await fetch(`${server.url}/readyz`);
    expect([nowReady.status, await nowReady.text()]).toEqual([200, "ok\n"]);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    const post = await fetch(`${server.url}/metrics`, { method: "POST" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    const head = await fetch(`${server.url}/metrics`, { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
    await registry.shutdown();
  });

  it("answers 503 after shutdown instead of an empty page", async () => {
    const registry = new MetricsRegistry();
    server = await serve(registry.handler);
    await registry.shutdown();
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/^# metrics collection failed: /);
  });

  it("a throwing health check is unhealthy with its message", async () => {
    server = await serve(
      healthRequestHandler(() => {
        throw new Error("lease lost");
      }),
    );
    const response = await fetch(server.url);
    expect([response.status, await response.text()]).toEqual([503, "lease lost\n"]);
  });

  it("uses the fallback for unknown paths when given", async () => {
    server = await serve(
      routes(
        {},
        healthRequestHandler(() => false),
      ),
    );
    const response = await fetch(`${server.url}/anything`);
    expect([response.status, await response.text()]).toEqual([503, "unhealthy\n"]);
  });
});
