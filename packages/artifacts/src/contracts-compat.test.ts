import { OSSArtifactSchema, S3ArtifactSchema } from "@weft/contracts";
import { describe, expect, it } from "vitest";
import { ossOptionsFromArgo, s3OptionsFromArgo } from "./argo-config.ts";

// The drivers read Argo's artifact locations as @weft/contracts parses them from a manifest.
describe("@weft/contracts artifact locations", () => {
  it("an S3 location parsed by contracts configures the S3 driver", () => {
    const location = S3ArtifactSchema.parse({
      endpoint: "127.0.0.1:4590",
      bucket: "artifacts",
      insecure: true,
      key: "wf/out.tgz",
      accessKeySecret: { name: "s3", key: "accessKey" },
      secretKeySecret: { name: "s3", key: "secretKey" },
    });
    const options = s3OptionsFromArgo(location);
    expect(options).toMatchObject({ endpoint: "127.0.0.1:4590", insecure: true, bucket: "artifacts" });
  });

  it("an OSS location parsed by contracts configures the OSS driver, and a missing endpoint names the field", () => {
    const location = OSSArtifactSchema.parse({
      endpoint: "http://127.0.0.1:9000",
      bucket: "artifacts",
      key: "k",
    });
    expect(ossOptionsFromArgo(location)).toMatchObject({ bucket: "artifacts" });
    expect(() => ossOptionsFromArgo(OSSArtifactSchema.parse({ bucket: "b", key: "k" }))).toThrow(/endpoint/);
  });
});
