import { describe, expect, it } from "vitest";
import { ossOptionsFromArgo, s3OptionsFromArgo } from "./argo-config.js";
import { resolveCredentials } from "./credentials.js";

describe("Argo artifactRepository configs", () => {
  it("maps s3: bare endpoint + insecure, secret refs, bucket creation, addressing style", () => {
    const secrets = async () => "x";
    const opts = s3OptionsFromArgo(
      {
        endpoint: "minio:9000",
        bucket: "my-bucket",
        insecure: true,
        accessKeySecret: { name: "my-minio-cred", key: "accesskey" },
        secretKeySecret: { name: "my-minio-cred", key: "secretkey" },
        createBucketIfNotPresent: {},
      },
      { secrets },
    );
    expect(opts).toMatchObject({
      endpoint: "minio:9000",
      bucket: "my-bucket",
      insecure: true,
      forcePathStyle: true,
      createBucketIfNotPresent: true,
      accessKeySecret: { name: "my-minio-cred", key: "accesskey" },
    });
    expect(
      s3OptionsFromArgo({ bucket: "b", addressingStyle: "virtual", useSDKCreds: true }).forcePathStyle,
    ).toBe(false);
    expect(() => s3OptionsFromArgo({ bucket: "b", roleARN: "arn:aws:iam::1:role/x" })).toThrow(
      /"roleARN" is not supported/,
    );
    expect(() => s3OptionsFromArgo({ bucket: "b", addressingStyle: "dns" })).toThrow(/"addressingStyle"/);
  });

  it("maps oss, with the inline securityToken answered as the session token", async () => {
    const opts = ossOptionsFromArgo(
      {
        endpoint: "http://oss-cn-hangzhou-zmf.aliyuncs.com",
        bucket: "test-bucket-name",
        accessKeySecret: { name: "my-oss-credentials", key: "accessKey" },
        secretKeySecret: { name: "my-oss-credentials", key: "secretKey" },
        securityToken: "sts-token",
      },
      { secrets: async (ref) => `${ref.name}:${ref.key}` },
    );
    const creds = await resolveCredentials(
      opts,
      { accessKeyId: "A", secretAccessKey: "S", sessionToken: "T" },
      { provider: "oss", operation: "configure" },
    );
    expect(creds).toEqual({
      accessKeyId: "my-oss-credentials:accessKey",
      secretAccessKey: "my-oss-credentials:secretKey",
      sessionToken: "sts-token",
    });
    expect(() => ossOptionsFromArgo({ bucket: "b" })).toThrow(/"endpoint" is required/);
    expect(() => ossOptionsFromArgo({ endpoint: "e", lifecycleRule: { markDeletionAfterDays: 1 } })).toThrow(
      /"lifecycleRule"/,
    );
  });
});
