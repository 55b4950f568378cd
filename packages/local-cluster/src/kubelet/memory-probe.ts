import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { platform } from "node:os";

/** Measures the memory of a container: the resident set of every process in its process group. */
export interface MemoryProbe {
  /** Bytes resident in process group `pgid`, or `undefined` when it cannot be measured. */
  groupRss(pgid: number): Promise<number | undefined>;
}

/**
 * Reads resident memory without privileges: on Linux from `/proc/<pid>/stat` (process group) and
 * `/proc/<pid>/status` (`VmRSS`), elsewhere (macOS) from `ps -A -o pgid=,rss=`.
 */
export class HostMemoryProbe implements MemoryProbe {
  async groupRss(pgid: number): Promise<number | undefined> {
    if (platform() === "linux") return linuxGroupRss(pgid);
    return psGroupRss(pgid);
  }
}

async function linuxGroupRss(pgid: number): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return undefined;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name "(...)": state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const status = await readFile(`/proc/${entry}/status`, "utf8");
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      if (kb !== undefined) total += Number(kb) * 1024;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

function psGroupRss(pgid: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile("ps", ["-A", "-o", "pgid=,rss="], (err, stdout) => {
      if (err !== null) {
        resolve(undefined);
        return;
      }
      let kb = 0;
      for (const line of stdout.split("\n")) {
        const [group, rss] = line.trim().split(/\s+/);
        if (Number(group) === pgid) kb += Number(rss) || 0;
      }
      resolve(kb * 1024);
    });
  });
}
