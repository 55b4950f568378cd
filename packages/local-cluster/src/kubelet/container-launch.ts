import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute } from "node:path";
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import type { PodConfigSource } from "./config-source.js";
import { ContainerConfigError } from "./container-config-error.js";
import type { EnvContext } from "./env.js";
import { resolveContainerEnv } from "./env.js";
import { expandVars } from "./expansion.js";
import type { MountMapping } from "./mount-paths.js";
import { rewriteMountPaths } from "./mount-paths.js";
import type { PodDirs } from "./pod-dirs.js";
import { volumeEnvName } from "./pod-dirs.js";
import { mountHostPath } from "./volumes.js";

/** The host command line, environment and directory that stand for one container. */
export interface ContainerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly mounts: readonly MountMapping[];
  /** Host file standing for the container's `terminationMessagePath` (emptied at every start). */
  readonly terminationLog: string;
}

export interface LaunchContext {
  readonly dirs: PodDirs;
  /** Host directory of each volume, by name (from `setUpVolumes`). */
  readonly volumes: ReadonlyMap<string, string>;
  readonly source: PodConfigSource;
  readonly env: EnvContext;
  /** Variables inherited from the kubelet's own environment (PATH and the like). */
  readonly inherited: Readonly<Record<string, string>>;
  /** The kubelet's root directory: host paths under it are never rewritten. */
  readonly kubeletRoot: string;
}

/**
 * Turns a container spec into a host process launch:
 *
 * 1. Environment: the inherited variables, then `HOSTNAME`, `HOME`/`TMPDIR` (private to the pod),
 *    `WEFT_POD_DIR` and one `WEFT_VOLUME_<NAME>` per pod volume, then the container's `envFrom`/`env`
 *    (which win, and may `$(...)` refer to all of the above).
 * 2. `command` and `args` are `$(VAR)`-expanded against that environment; without `command`, `args` is the command.
 * 3. Every volumeMount path appearing in `command`, `args`, the container's env values and `workingDir` is
 *    rewritten to the host directory backing it (see `rewriteMountPaths`).
 * 4. `workingDir` (rewritten) must exist on the host unless it lies inside a volume, where it is created;
 *    without `workingDir` the process starts in the container's private directory.
 * 5. `terminationMessagePath` (default `/dev/termination-log`) is rewritten like a mount to a per-container file,
 *    also in `WEFT_TERMINATION_LOG`; its content becomes the terminated state's message.
 */
export async function prepareLaunch(
  pod: V1Pod,
  container: V1Container,
  ctx: LaunchContext,
): Promise<ContainerLaunch> {
  const mounts: MountMapping[] = [];
  const envFor = (extra: Record<string, string>): Record<string, string> => ({ ...base, ...extra });
  const base: Record<string, string> = {
    ...ctx.inherited,
    HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? "",
    HOME: ctx.dirs.container(container.name),
    TMPDIR: ctx.dirs.tmp,
    WEFT_POD_DIR: ctx.dirs.root,
    WEFT_TERMINATION_LOG: ctx.dirs.terminationLog(container.name),
  };
  for (const [name, dir] of ctx.volumes) base[volumeEnvName(name)] = dir;
  const own = await resolveContainerEnv(pod, container, ctx.source, ctx.env, base);
  for (const mount of container.volumeMounts ?? []) {
    const dir = ctx.volumes.get(mount.name);
    if (dir === undefined) {
      throw new ContainerConfigError(`volumeMount "${mount.name}": no volume of that name in the pod`);
    }
    const subPath =
      mount.subPathExpr !== undefined
        ? expandVars(mount.subPathExpr, (n) => own[n] ?? base[n])
        : mount.subPath;
    const hostPath = mountHostPath(dir, subPath);
    if (subPath !== undefined && subPath !== "") await mkdir(hostPath, { recursive: true });
    mounts.push({ mountPath: mount.mountPath, hostPath });
  }
  const terminationLog = ctx.dirs.terminationLog(container.name);
  await mkdir(dirname(terminationLog), { recursive: true });
  await writeFile(terminationLog, "");
  const rewrites = [
    ...mounts,
    { mountPath: container.terminationMessagePath ?? "/dev/termination-log", hostPath: terminationLog },
  ];
  const rewrite = (s: string): string => rewriteMountPaths(s, rewrites, ctx.kubeletRoot);
  const env = envFor(Object.fromEntries(Object.entries(own).map(([k, v]) => [k, rewrite(v)])));
  const lookup = (name: string): string | undefined => own[name] ?? base[name];
  const argv = [...(container.command ?? []), ...(container.args ?? [])].map((s) =>
    rewrite(expandVars(s, lookup)),
  );
  const [command, ...args] = argv;
  if (command === undefined || command === "") {
    throw new ContainerConfigError(
      `container "${container.name}": no command or args (the image is ignored, so one of them must name the program)`,
    );
  }
  await mkdir(ctx.dirs.container(container.name), { recursive: true });
  await mkdir(ctx.dirs.tmp, { recursive: true });
  let cwd = ctx.dirs.container(container.name);
  if (container.workingDir !== undefined && container.workingDir !== "") {
    cwd = rewrite(container.workingDir);
    if (!isAbsolute(cwd)) {
      throw new ContainerConfigError(`workingDir "${container.workingDir}" must be an absolute path`);
    }
    if (mounts.some((m) => cwd === m.hostPath || cwd.startsWith(`${m.hostPath}/`))) {
      await mkdir(cwd, { recursive: true });
    } else {
      const exists = await stat(cwd).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!exists) {
        throw new ContainerConfigError(
          `workingDir "${container.workingDir}" does not exist on the host and is not under a volumeMount`,
        );
      }
    }
  }
  return { command, args, env, cwd, mounts, terminationLog };
}
