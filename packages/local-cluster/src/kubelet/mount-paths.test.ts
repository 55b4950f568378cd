import { describe, expect, it } from "vitest";
import { rewriteMountPaths } from "./mount-paths.js";

const mounts = [
  { mountPath: "/data", hostPath: "/h/vol/data" },
  { mountPath: "/data/in/", hostPath: "/h/vol/in" },
  { mountPath: "/tmp", hostPath: "/h/vol/tmp" },
];

describe("rewriteMountPaths", () => {
  it("rewrites whole paths at word boundaries", () => {
    expect(rewriteMountPaths("echo hi > /data/out.txt && cat /data", mounts)).toBe(
      "echo hi > /h/vol/data/out.txt && cat /h/vol/data",
    );
    expect(rewriteMountPaths("--out=/data PATH=/bin:/data '/data/x'", mounts)).toBe(
      "--out=/h/vol/data PATH=/bin:/h/vol/data '/h/vol/data/x'",
    );
  });
  it("leaves look-alike paths alone", () => {
    expect(rewriteMountPaths("/database ./data x/data /datax", mounts)).toBe(
      "/database ./data x/data /datax",
    );
  });
  it("prefers the longest (nested) mount", () => {
    expect(rewriteMountPaths("cat /data/in/a /data/inner", mounts)).toBe("cat /h/vol/in/a /h/vol/data/inner");
  });
  it("never rewrites text already under the protected root", () => {
    const nested = [{ mountPath: "/tmp", hostPath: "/tmp/kubelet/pods/p/volumes/t" }];
    expect(rewriteMountPaths("/tmp/kubelet/pods/p/x /tmp/y", nested, "/tmp/kubelet")).toBe(
      "/tmp/kubelet/pods/p/x /tmp/kubelet/pods/p/volumes/t/y",
    );
  });
});
