import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, normalize, resolve, sep } from "node:path";
import type { V1KeyToPath, V1Pod, V1Volume } from "@kubernetes/client-node";
import type { KeyValues, PodConfigSource } from "./config-source.js";
import type { EnvContext } from "./env.js";
import { fieldValue } from "./env.js";
import type { PodDirs } from "./pod-dirs.js";

/** A volume could not be set up yet (missing ConfigMap or Secret, missing host path): reported as FailedMount. */
export class VolumeSetupError extends Error {
  override readonly name = "VolumeSetupError";
}

/** Supplies the token of a projected `serviceAccountToken` source (a real kubelet asks the TokenRequest API). */
export type ServiceAccountTokenSource = (
  namespace: string,
  serviceAccount: string,
  audience: string | undefined,
  expirationSeconds: number,
) => Promise<string>;

export interface VolumeSetupOptions {
  readonly source: PodConfigSource;
  readonly env: EnvContext;
  readonly token?: ServiceAccountTokenSource;
}

/**
 * Creates the host directory of every volume of `pod` and fills configMap, secret, downwardAPI and projected
 * volumes with their files. Returns each volume's host directory by volume name. emptyDir volumes are private
 * directories under the pod's own directory; hostPath volumes are the host path itself.
 */
export async function setUpVolumes(
  pod: V1Pod,
  dirs: PodDirs,
  options: VolumeSetupOptions,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const volume of pod.spec?.volumes ?? []) {
    out.set(volume.name, await setUpVolume(pod, volume, dirs, options));
  }
  return out;
}

async function setUpVolume(pod: V1Pod, volume: V1Volume, dirs: PodDirs, options: VolumeSetupOptions) {
  const namespace = pod.metadata?.namespace ?? "default";
  if (volume.hostPath !== undefined)
    return setUpHostPath(volume.name, volume.hostPath.path, volume.hostPath.type);
  const dir = dirs.volume(volume.name);
  await mkdir(dir, { recursive: true });
  if (volume.emptyDir !== undefined) return dir;
  const keyed =
    volume.configMap !== undefined
      ? { ...volume.configMap, kind: "configmap", label: "ConfigMap", name: volume.configMap.name ?? "" }
      : volume.secret !== undefined
        ? { ...volume.secret, kind: "secret", label: "Secret", name: volume.secret.secretName ?? "" }
        : undefined;
  if (keyed !== undefined) {
    const { kind, label, name, items, optional, defaultMode } = keyed;
    const data =
      kind === "configmap"
        ? await options.source.configMap(namespace, name)
        : await options.source.secret(namespace, name);
    if (data === undefined && optional !== true) {
      throw new VolumeSetupError(
        `MountVolume.SetUp failed for volume "${volume.name}": ${kind} "${name}" not found`,
      );
    }
    await writeKeys(dir, volume.name, data ?? new Map(), items, defaultMode, `${label} ${namespace}/${name}`);
    return dir;
  }
  if (volume.downwardAPI !== undefined) {
    for (const item of volume.downwardAPI.items ?? []) {
      if (item.fieldRef === undefined) continue;
      const value = fieldValue(pod, item.fieldRef.fieldPath, options.env);
      await writeItem(
        dir,
        volume.name,
        item.path,
        Buffer.from(value),
        item.mode ?? volume.downwardAPI.defaultMode,
      );
    }
    return dir;
  }
  if (volume.projected !== undefined) {
    const mode = volume.projected.defaultMode;
    for (const src of volume.projected.sources ?? []) {
      if (src.configMap !== undefined) {
        const name = src.configMap.name ?? "";
        const data = await options.source.configMap(namespace, name);
        if (data === undefined && src.configMap.optional !== true) {
          throw new VolumeSetupError(
            `MountVolume.SetUp failed for volume "${volume.name}": configmap "${name}" not found`,
          );
        }
        await writeKeys(dir, volume.name, data ?? new Map(), src.configMap.items, mode, `ConfigMap ${name}`);
      } else if (src.secret !== undefined) {
        const name = src.secret.name ?? "";
        const data = await options.source.secret(namespace, name);
        if (data === undefined && src.secret.optional !== true) {
          throw new VolumeSetupError(
            `MountVolume.SetUp failed for volume "${volume.name}": secret "${name}" not found`,
          );
        }
        await writeKeys(dir, volume.name, data ?? new Map(), src.secret.items, mode, `Secret ${name}`);
      } else if (src.downwardAPI !== undefined) {
        for (const item of src.downwardAPI.items ?? []) {
          if (item.fieldRef === undefined) continue;
          const value = fieldValue(pod, item.fieldRef.fieldPath, options.env);
          await writeItem(dir, volume.name, item.path, Buffer.from(value), item.mode ?? mode);
        }
      } else if (src.serviceAccountToken !== undefined) {
        const { path, audience, expirationSeconds } = src.serviceAccountToken;
        const account = pod.spec?.serviceAccountName ?? "default";
        const token =
          options.token === undefined
            ? ""
            : await options.token(namespace, account, audience, expirationSeconds ?? 3600);
        await writeItem(dir, volume.name, path, Buffer.from(token), mode ?? 0o600);
      }
    }
    return dir;
  }
  const kind = Object.keys(volume).find((k) => k !== "name") ?? "unknown";
  throw new VolumeSetupError(`volume "${volume.name}": type ${kind} is not supported by the local kubelet`);
}

async function setUpHostPath(volume: string, path: string, type: string | undefined): Promise<string> {
  const exists = await stat(path).then(
    (s) => s,
    () => undefined,
  );
  switch (type ?? "") {
    case "DirectoryOrCreate":
      if (exists === undefined) await mkdir(path, { recursive: true });
      break;
    case "FileOrCreate":
      if (exists === undefined) {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, "");
      }
      break;
    case "":
      break;
    default:
      if (exists === undefined) {
        throw new VolumeSetupError(
          `MountVolume.SetUp failed for volume "${volume}": hostPath ${path} does not exist`,
        );
      }
      if (type === "Directory" && !exists.isDirectory()) {
        throw new VolumeSetupError(
          `MountVolume.SetUp failed for volume "${volume}": ${path} is not a directory`,
        );
      }
      if (type === "File" && !exists.isFile()) {
        throw new VolumeSetupError(`MountVolume.SetUp failed for volume "${volume}": ${path} is not a file`);
      }
  }
  return path;
}

async function writeKeys(
  dir: string,
  volume: string,
  data: KeyValues,
  items: readonly V1KeyToPath[] | undefined,
  defaultMode: number | undefined,
  what: string,
): Promise<void> {
  if (items === undefined || items.length === 0) {
    for (const [key, value] of data) await writeItem(dir, volume, key, value, defaultMode);
    return;
  }
  for (const item of items) {
    const value = data.get(item.key);
    if (value === undefined) {
      throw new VolumeSetupError(
        `MountVolume.SetUp failed for volume "${volume}": configmap references non-existent config key: ${item.key} (${what})`,
      );
    }
    await writeItem(dir, volume, item.path, value, item.mode ?? defaultMode);
  }
}

/** Writes one file of a volume; `path` must stay inside the volume (no absolute paths, no `..`). */
async function writeItem(dir: string, volume: string, path: string, value: Buffer, mode: number | undefined) {
  const target = resolve(dir, normalize(path));
  if (path.startsWith("/") || !target.startsWith(dir + sep)) {
    throw new VolumeSetupError(
      `volume "${volume}": item path "${path}" must be relative and must not contain '..'`,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, value);
  await chmod(target, mode ?? 0o644);
}

/** The host path a container sees at a volumeMount (the volume's directory, or `subPath` inside it). */
export function mountHostPath(volumeDir: string, subPath: string | undefined): string {
  if (subPath === undefined || subPath === "") return volumeDir;
  const target = resolve(volumeDir, normalize(subPath));
  if (subPath.startsWith("/") || (target !== volumeDir && !target.startsWith(volumeDir + sep))) {
    throw new VolumeSetupError(`subPath "${subPath}" must be relative and must not contain '..'`);
  }
  return join(target);
}
