import { spawn } from "node:child_process";
import { constants } from "node:os";

/** What the kubelet asks a spawner to start: one container's main process. */
export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly onStdout: (chunk: Buffer) => void;
  readonly onStderr: (chunk: Buffer) => void;
}

/** How a process ended. `error` is set when it never started (for instance the executable was not found). */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: string;
}

export interface ProcessHandle {
  /** The process id; also the id of its process group. 0 when the process failed to start. */
  readonly pid: number;
  /** Settles once the process has exited and its output has been delivered. Never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** Sends `signal` to the whole process group, so the process's children receive it too. */
  kill(signal: NodeJS.Signals): void;
}

export interface ProcessSpawner {
  spawn(spec: SpawnSpec): ProcessHandle;
}

/** Exit code a container runtime reports for a process killed by `signal` (128 + signal number). */
export function exitCodeOf(exit: ProcessExit): number {
  if (exit.code !== null) return exit.code;
  if (exit.signal !== null) return 128 + (constants.signals[exit.signal] ?? 0);
  return 128;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Runs containers as host processes, each the leader of a new process group (`detached`), so that a signal
 * reaches every process it started. When the leader exits, whatever it left behind in its group is killed
 * with SIGKILL, as a container runtime tears down a container's PID namespace when its PID 1 exits.
 */
export class HostProcessSpawner implements ProcessSpawner {
  readonly #outputDrainMs: number;

  /** @param outputDrainMs how long to wait for the output pipes to close after the process exited. */
  constructor(options: { outputDrainMs?: number } = {}) {
    this.#outputDrainMs = options.outputDrainMs ?? 2000;
  }

  spawn(spec: SpawnSpec): ProcessHandle {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const pid = child.pid ?? 0;
    child.stdout.on("data", (chunk: Buffer) => spec.onStdout(chunk));
    child.stderr.on("data", (chunk: Buffer) => spec.onStderr(chunk));
    const exited = new Promise<ProcessExit>((resolve) => {
      let exit: ProcessExit | undefined;
      child.once("error", (err) => {
        if (pid === 0) resolve({ code: null, signal: null, error: err.message });
      });
      child.once("exit", (code, signal) => {
        exit = { code, signal };
        killGroup(pid, "SIGKILL");
        // A process that escaped the group (setsid) may still hold the pipes: stop waiting after a while.
        const drain = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
        }, this.#outputDrainMs);
        drain.unref();
        child.once("close", () => {
          clearTimeout(drain);
          resolve(exit ?? { code, signal });
        });
      });
    });
    return { pid, exited, kill: (signal) => killGroup(pid, signal) };
  }
}
