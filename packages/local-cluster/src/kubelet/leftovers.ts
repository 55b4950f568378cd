import { readdir, readFile, rm } from "node:fs/promises";
import { platform } from "node:os";
import { join } from "node:path";

/**
 * What a previous kubelet run left under `<root>/pods` (after a crash or `kill -9`): process groups still running
 * and directories of pods that no longer exist. `clean` SIGKILLs every recorded process group that still belongs
 * to the pod directory and removes the directories of pods not in `keep` (pod uids).
 *
 * A recorded pid is only killed when it is verifiably the same container: on Linux its environment must carry
 * `WEFT_POD_DIR=<that pod's directory>`. Elsewhere (macOS) leftover processes are not killed, only reported.
 */
export async function cleanLeftovers(
  kubeletRoot: string,
  keep: ReadonlySet<string>,
): Promise<{ killed: number[]; removed: string[]; unverified: number[] }> {
  const podsDir = join(kubeletRoot, "pods");
  const out = { killed: [] as number[], removed: [] as string[], unverified: [] as number[] };
  let entries: string[];
  try {
    entries = await readdir(podsDir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    const podDir = join(podsDir, entry);
    const uid = entry.slice(entry.lastIndexOf("_") + 1);
    let pidFiles: string[] = [];
    try {
      pidFiles = await readdir(join(podDir, "pids"));
    } catch {
      // No container was running.
    }
    for (const file of pidFiles) {
      const pid = Number((await readFile(join(podDir, "pids", file), "utf8").catch(() => "")).trim());
      if (!Number.isInteger(pid) || pid <= 1) continue;
      if (await belongsTo(pid, podDir)) {
        try {
          process.kill(-pid, "SIGKILL");
          out.killed.push(pid);
        } catch {
          // Already gone.
        }
      } else if (platform() !== "linux" && isAlive(pid)) {
        out.unverified.push(pid);
      }
      await rm(join(podDir, "pids", file), { force: true });
    }
    if (!keep.has(uid)) {
      await rm(podDir, { recursive: true, force: true });
      out.removed.push(podDir);
    }
  }
  return out;
}

async function belongsTo(pid: number, podDir: string): Promise<boolean> {
  if (platform() !== "linux") return false;
  try {
    const environ = await readFile(`/proc/${pid}/environ`, "utf8");
    return environ.split("\0").includes(`WEFT_POD_DIR=${podDir}`);
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
