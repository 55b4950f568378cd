import { afterAll, describe, expect, it } from "vitest";
import { HealthChecks, type HealthServer, startHealthServer } from "./health.js";

const servers: HealthServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe("health probes over HTTP", () => {
  it("/readyz fails until caches sync, names the failing check, and fails again while shutting down", async () => {
    let synced = false;
    let leading = false;
    const checks = new HealthChecks()
      .addReadinessCheck("informers", () => synced || "caches not synced")
      .addReadinessCheck("leader", () => leading)
      .addLivenessCheck("leader-renewal", () => undefined);
    const server = await startHealthServer(checks);
    servers.push(server);
    const get = async (path: string) => {
      const res = await fetch(server.url + path);
      return [res.status, await res.text()] as const;
    };
    expect(await get("/healthz")).toEqual([200, "ok"]);
    expect(await get("/readyz")).toEqual([
      503,
      "[-]informers failed: caches not synced\n[-]leader failed: failed\nreadyz check failed\n",
    ]);
    synced = true;
    leading = true;
    expect(await get("/readyz")).toEqual([200, "ok"]);
    expect((await get("/readyz?verbose"))[1]).toBe(
      "[+]shutdown ok\n[+]informers ok\n[+]leader ok\nreadyz check passed\n",
    );
    checks.setShuttingDown();
    expect(await get("/readyz")).toEqual([503, "[-]shutdown failed: shutting down\nreadyz check failed\n"]);
    expect((await get("/other"))[0]).toBe(404);
  });

  it("a check that throws fails the probe", async () => {
    const checks = new HealthChecks().addLivenessCheck("boom", () => {
      throw new Error("exploded");
    });
    expect(checks.evaluate("healthz")).toEqual({ ok: false, lines: ["[-]boom failed: exploded"] });
  });
});
