import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Pod, V1Volume } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaticConfigSource } from "./config-source.js";
import { PodDirs, volumeEnvName } from "./pod-dirs.js";
import { mountHostPath, setUpVolumes, VolumeSetupError } from "./volumes.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "weft-vol-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const env = { hostIP: "127.0.0.1", podIP: "127.0.0.1", allocatableCpu: 1, allocatableMemory: 1 };
const source = new StaticConfigSource()
  .setConfigMap("ns", "cm", { "a.txt": "A", "b.txt": "B" })
  .setSecret("ns", "s", { token: "t0k" });

function pod(volumes: V1Volume[], uid = "u1"): V1Pod {
  return { metadata: { name: "p", namespace: "ns", uid }, spec: { containers: [], volumes } };
}

describe("setUpVolumes", () => {
  it("gives every pod its own emptyDir and writes configMap, secret and downwardAPI files", async () => {
    const volumes = [
      { name: "work", emptyDir: {} },
      { name: "cfg", configMap: { name: "cm", items: [{ key: "a.txt", path: "sub/a" }] } },
      { name: "sec", secret: { secretName: "s", defaultMode: 0o400 } },
      { name: "meta", downwardAPI: { items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
    ];
    const dirs1 = new PodDirs(root, "ns", "p", "u1");
    const dirs2 = new PodDirs(root, "ns", "p", "u2");
    const one = await setUpVolumes(pod(volumes), dirs1, { source, env });
    const two = await setUpVolumes(pod(volumes, "u2"), dirs2, { source, env });
    expect(one.get("work")).toBe(dirs1.volume("work"));
    expect(one.get("work")).not.toBe(two.get("work"));
    expect(readFileSync(join(dirs1.volume("cfg"), "sub/a"), "utf8")).toBe("A");
    expect(readFileSync(join(dirs1.volume("sec"), "token"), "utf8")).toBe("t0k");
    expect(statSync(join(dirs1.volume("sec"), "token")).mode & 0o777).toBe(0o400);
    expect(readFileSync(join(dirs1.volume("meta"), "name"), "utf8")).toBe("p");
    expect(volumeEnvName("my-vol.x")).toBe("WEFT_VOLUME_MY_VOL_X");
  });

  it("rejects missing sources, unsupported types and escaping paths", async () => {
    const dirs = new PodDirs(root, "ns", "p", "u1");
    await expect(
      setUpVolumes(pod([{ name: "c", configMap: { name: "gone" } }]), dirs, { source, env }),
    ).rejects.toThrow(
      new VolumeSetupError('MountVolume.SetUp failed for volume "c": configmap "gone" not found'),
    );
    const optional = await setUpVolumes(
      pod([{ name: "c", configMap: { name: "gone", optional: true } }]),
      dirs,
      {
        source,
        env,
      },
    );
    expect(optional.get("c")).toBe(dirs.volume("c"));
    await expect(
      setUpVolumes(pod([{ name: "pvc", persistentVolumeClaim: { claimName: "x" } }]), dirs, { source, env }),
    ).rejects.toThrow("type persistentVolumeClaim is not supported");
    await expect(
      setUpVolumes(
        pod([{ name: "c", configMap: { name: "cm", items: [{ key: "a.txt", path: "../x" }] } }]),
        dirs,
        {
          source,
          env,
        },
      ),
    ).rejects.toThrow("must not contain '..'");
    expect(() => mountHostPath("/v", "../etc")).toThrow(VolumeSetupError);
    expect(mountHostPath("/v", "a/b")).toBe("/v/a/b");
  });
});
