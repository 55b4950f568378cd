import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exitCodeOf, HostProcessSpawner } from "./process-spawner.js";

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as dead). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

describe("HostProcessSpawner", () => {
  const spawner = new HostProcessSpawner();

  it("captures output and reports exit codes", async () => {
    let out = "";
    let err = "";
    const p = spawner.spawn({
      command: "sh",
      args: ["-c", "echo out; echo err >&2; exit 3"],
      env,
      cwd: "/",
      onStdout: (c) => {
        out += c;
      },
      onStderr: (c) => {
        err += c;
      },
    });
    const exit = await p.exited;
    expect(exit).toEqual({ code: 3, signal: null });
    expect(exitCodeOf(exit)).toBe(3);
    expect(out).toBe("out\n");
    expect(err).toBe("err\n");
  });

  it("signals the whole process group and reports 128+signal", async () => {
    let out = "";
    const p = spawner.spawn({
      command: "sh",
      args: ["-c", "sleep 30 & echo $!; wait"],
      env,
      cwd: "/",
      onStdout: (c) => {
        out += c;
      },
      onStderr: () => {},
    });
    await until(() => out.includes("\n"), "the child pid");
    const child = Number(out.trim());
    expect(alive(child)).toBe(true);
    p.kill("SIGTERM");
    const exit = await p.exited;
    expect(exitCodeOf(exit)).toBe(143);
    await until(() => !alive(child), "the grandchild to die");
  });

  it("kills what a finished leader left behind in its group", async () => {
    let out = "";
    const p = spawner.spawn({
      command: "sh",
      args: ["-c", "sleep 30 >/dev/null 2>&1 & echo $!"],
      env,
      cwd: "/",
      onStdout: (c) => {
        out += c;
      },
      onStderr: () => {},
    });
    expect((await p.exited).code).toBe(0);
    const child = Number(out.trim());
    await until(() => !alive(child), "the orphan to be killed");
  });

  it("reports a missing executable as a start error", async () => {
    const p = spawner.spawn({
      command: "/nonexistent/weft-no-such-binary",
      args: [],
      env,
      cwd: "/",
      onStdout: () => {},
      onStderr: () => {},
    });
    const exit = await p.exited;
    expect(p.pid).toBe(0);
    expect(exit.error).toMatch(/ENOENT/);
    expect(exitCodeOf(exit)).toBe(128);
  });
});
