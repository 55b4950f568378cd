import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StaticConfigSource } from "./config-source.js";
import { ContainerConfigError } from "./container-config-error.js";
import type { LaunchContext } from "./container-launch.js";
import { prepareLaunch } from "./container-launch.js";
import { PodDirs } from "./pod-dirs.js";

let root: string;
let ctx: LaunchContext;
const pod: V1Pod = {
  metadata: { name: "p", namespace: "ns", uid: "u" },
  spec: { containers: [], hostname: "box" },
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "weft-launch-"));
  const dirs = new PodDirs(root, "ns", "p", "u");
  ctx = {
    dirs,
    volumes: new Map([
      ["data", dirs.volume("data")],
      ["out", dirs.volume("out")],
    ]),
    source: new StaticConfigSource(),
    env: { hostIP: "127.0.0.1", podIP: "127.0.0.1", allocatableCpu: 1, allocatableMemory: 1 },
    inherited: { PATH: "/usr/bin:/bin", HOME: "/root" },
    kubeletRoot: root,
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const c = (extra: Partial<V1Container>): V1Container => ({ name: "main", ...extra });

describe("prepareLaunch", () => {
  it("layers the environment and rewrites mount paths in command, args and env values", async () => {
    const launch = await prepareLaunch(
      pod,
      c({
        command: ["sh", "-c"],
        args: ["cp /data/in $(TARGET) && echo $(GREETING) > /out/done"],
        env: [
          { name: "TARGET", value: "/out/copy" },
          { name: "GREETING", value: "hi" },
        ],
        volumeMounts: [
          { name: "data", mountPath: "/data" },
          { name: "out", mountPath: "/out", subPath: "run-1" },
        ],
      }),
      ctx,
    );
    const data = ctx.dirs.volume("data");
    const out = join(ctx.dirs.volume("out"), "run-1");
    expect(launch.command).toBe("sh");
    expect(launch.args).toEqual(["-c", `cp ${data}/in ${out}/copy && echo hi > ${out}/done`]);
    expect(launch.env).toMatchObject({
      PATH: "/usr/bin:/bin",
      HOSTNAME: "box",
      HOME: ctx.dirs.container("main"),
      TMPDIR: ctx.dirs.tmp,
      WEFT_POD_DIR: ctx.dirs.root,
      WEFT_VOLUME_DATA: data,
      WEFT_VOLUME_OUT: ctx.dirs.volume("out"),
      TARGET: `${out}/copy`,
    });
    expect(existsSync(out)).toBe(true);
    expect(launch.cwd).toBe(ctx.dirs.container("main"));
  });

  it("uses args alone as the command line and expands subPathExpr", async () => {
    const launch = await prepareLaunch(
      pod,
      c({
        args: ["ls", "/data"],
        env: [{ name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        volumeMounts: [{ name: "data", mountPath: "/data", subPathExpr: "$(POD)" }],
      }),
      ctx,
    );
    expect(launch.command).toBe("ls");
    expect(launch.args).toEqual([join(ctx.dirs.volume("data"), "p")]);
  });

  it("creates a workingDir inside a mount and rejects one that is neither there nor on the host", async () => {
    const inMount = await prepareLaunch(
      pod,
      c({ command: ["pwd"], workingDir: "/data/work", volumeMounts: [{ name: "data", mountPath: "/data" }] }),
      ctx,
    );
    expect(inMount.cwd).toBe(join(ctx.dirs.volume("data"), "work"));
    expect(existsSync(inMount.cwd)).toBe(true);
    expect((await prepareLaunch(pod, c({ command: ["pwd"], workingDir: "/" }), ctx)).cwd).toBe("/");
    await expect(
      prepareLaunch(pod, c({ command: ["pwd"], workingDir: "/no/such/dir/weft" }), ctx),
    ).rejects.toThrow(
      new ContainerConfigError(
        'workingDir "/no/such/dir/weft" does not exist on the host and is not under a volumeMount',
      ),
    );
  });

  it("rejects a container without command or args, and a mount of an unknown volume", async () => {
    await expect(prepareLaunch(pod, c({}), ctx)).rejects.toThrow(/no command or args/);
    await expect(
      prepareLaunch(pod, c({ command: ["x"], volumeMounts: [{ name: "nope", mountPath: "/x" }] }), ctx),
    ).rejects.toThrow('volumeMount "nope": no volume of that name in the pod');
  });
});
