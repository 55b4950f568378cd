import { describe, expect, it } from "vitest";
import { HostMemoryProbe } from "./memory-probe.js";
import { HostProcessSpawner } from "./process-spawner.js";

describe("HostMemoryProbe", () => {
  it("measures the resident memory of a process group, and 0 for an empty group", async () => {
    const p = new HostProcessSpawner().spawn({
      command: "sleep",
      args: ["30"],
      env: { PATH: process.env.PATH ?? "/bin:/usr/bin" },
      cwd: "/",
      onStdout: () => {},
      onStderr: () => {},
    });
    try {
      const probe = new HostMemoryProbe();
      const rss = await probe.groupRss(p.pid);
      expect(rss).toBeGreaterThan(100 * 1024);
      expect(rss).toBeLessThan(512 * 2 ** 20);
      expect(await probe.groupRss(2 ** 22 + 12345)).toBe(0);
    } finally {
      p.kill("SIGKILL");
      await p.exited;
    }
  });
});
