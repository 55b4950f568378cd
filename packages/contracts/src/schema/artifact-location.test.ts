import { describe, expect, it } from "vitest";
import {
  ArtifactLocationSchema,
  artifactLocationKinds,
  OSSArtifactSchema,
  resolveArtifactLocation,
  S3ArtifactSchema,
} from "./artifact-location.js";

describe("artifact locations", () => {
  it("parses S3 and OSS locations and keeps unknown fields", () => {
    const s3 = S3ArtifactSchema.parse({
      bucket: "b",
      key: "k/x.tgz",
      accessKeySecret: { name: "s", key: "ak" },
      futureField: 1,
    });
    expect(s3.bucket).toBe("b");
    expect(s3.futureField).toBe(1);
    expect(OSSArtifactSchema.safeParse({ bucket: "b" }).success).toBe(false);
    expect(
      OSSArtifactSchema.parse({ bucket: "b", key: "k", endpoint: "oss-cn-hangzhou.aliyuncs.com" }).key,
    ).toBe("k");
  });

  it("names the kinds set and resolves the supported one", () => {
    const loc = ArtifactLocationSchema.parse({ local: { key: "wf/out.txt" } });
    expect(artifactLocationKinds(loc)).toEqual(["local"]);
    expect(resolveArtifactLocation(loc)).toEqual({ kind: "local", local: { key: "wf/out.txt" } });
    const gcs = ArtifactLocationSchema.parse({ gcs: { bucket: "x", key: "y" } });
    expect(artifactLocationKinds(gcs)).toEqual(["gcs"]);
    expect(resolveArtifactLocation(gcs)).toBeUndefined();
  });
});
