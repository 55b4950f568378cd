/** weft-cron as the binary wires it: embedded cluster, --apply, metrics and probes, a tick, graceful stop. */
import { fileURLToPath } from "node:url";
import { FakeClock } from "@weft/workqueue";
import pino from "pino";
import { expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { runCron } from "../src/main.js";

it("runs the example on the embedded cluster and serves /metrics, /healthz, /readyz", {
  timeout: 30_000,
}, async () => {
  const example = fileURLToPath(new URL("../examples/hello-cron.yaml", import.meta.url));
  const config = parseConfig(
    ["--local", "--no-leader-elect", "--metrics-address", "127.0.0.1:0", "--apply", example],
    {},
  );
  const clock = new FakeClock(Date.parse("2026-01-05T10:00:30Z"));
  const running = await runCron(config, pino({ level: "silent" }), clock);
  try {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.kubeconfigPath).toBeDefined();
    const get = async (path: string) => {
      const res = await fetch(`${running.url}${path}`);
      return { status: res.status, text: await res.text() };
    };
    expect((await get("/healthz")).status).toBe(200);
    let metrics = "";
    for (
      let i = 0;
      i < 200 && !/cronworkflows_triggered_total\{[^}]*name="hello-world"[^}]*\} [1-9]/.test(metrics);
      i++
    ) {
      clock.step(1000);
      await new Promise((r) => setTimeout(r, 10));
      metrics = (await get("/metrics")).text;
    }
    expect(metrics).toMatch(
      /argo_workflows_cronworkflows_triggered_total\{[^}]*name="hello-world"[^}]*\} [1-9]/,
    );
    expect(metrics).toContain("argo_workflows_k8s_request_total");
    expect(metrics).toContain('queue_name="cron_wf_queue"');
    expect((await get("/readyz")).status).toBe(200);
  } finally {
    await running.stop();
  }
  await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
});
