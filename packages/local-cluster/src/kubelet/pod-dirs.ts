import { join } from "node:path";

/**
 * Where one pod's private files live on the host:
 *
 *     <root>/pods/<namespace>_<name>_<uid>/
 *       volumes/<volume>/        emptyDir, configMap and secret volumes
 *       containers/<container>/  default working directory of the container
 *       logs/<container>/<n>.log CRI-format log of the container's n-th run (0 = first)
 *       tmp/                     TMPDIR for every container of the pod
 *       pids/<container>.pid     process group of the running container (to clean up after a kubelet crash)
 *       termination/<container>  what the container wrote to its terminationMessagePath
 */
export class PodDirs {
  readonly root: string;

  constructor(kubeletRoot: string, namespace: string, name: string, uid: string) {
    this.root = join(kubeletRoot, "pods", `${namespace}_${name}_${uid}`);
  }

  volume(name: string): string {
    return join(this.root, "volumes", name);
  }

  container(name: string): string {
    return join(this.root, "containers", name);
  }

  logDir(container: string): string {
    return join(this.root, "logs", container);
  }

  log(container: string, run: number): string {
    return join(this.logDir(container), `${run}.log`);
  }

  terminationLog(container: string): string {
    return join(this.root, "termination", container);
  }

  pidFile(container: string): string {
    return join(this.root, "pids", `${container}.pid`);
  }

  get tmp(): string {
    return join(this.root, "tmp");
  }
}

/** `WEFT_VOLUME_<NAME>`: the variable that holds a volume's host directory (name upper-cased, `-` and `.` → `_`). */
export function volumeEnvName(volume: string): string {
  return `WEFT_VOLUME_${volume.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`;
}
