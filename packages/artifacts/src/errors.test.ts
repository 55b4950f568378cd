import { describe, expect, it } from "vitest";
import { AccessDenied, ArtifactError, ArtifactNotFound, InvalidLocation } from "./errors.js";
import { ossError } from "./oss-driver.js";
import { s3Error } from "./s3-driver.js";

describe("typed errors", () => {
  it("carry provider, bucket, key and request id, and say them in the message", () => {
    const e = new ArtifactNotFound("artifact not found", {
      provider: "s3",
      operation: "load",
      bucket: "b",
      key: "k",
      requestId: "tx1",
      code: "NoSuchKey",
      status: 404,
    });
    expect(e).toBeInstanceOf(ArtifactError);
    expect(e.message).toBe("artifact not found: s3 load b/k (status 404, code NoSuchKey, request id tx1)");
    expect(
      new InvalidLocation("key", "must not be empty", { provider: "oss", operation: "save" }).field,
    ).toBe("key");
  });

  it("drop the SDK error's request (ali-oss puts the body in err.params)", () => {
    const sdkErr = Object.assign(new Error("denied"), {
      name: "AccessDeniedError",
      code: "AccessDenied",
      status: 403,
      requestId: "R1",
      params: { content: Buffer.from("the body"), headers: { authorization: "OSS ak:sig" } },
    });
    const e = ossError(sdkErr, { provider: "oss", operation: "save", bucket: "b", key: "k" }, false);
    expect(e).toBeInstanceOf(AccessDenied);
    expect(e.cause).toEqual({ name: "AccessDeniedError", message: "denied", code: "AccessDenied" });
    expect(JSON.stringify(e) + e.message + JSON.stringify(e.cause)).not.toMatch(/the body|OSS ak:sig/);
  });

  it("map S3 codes: NoSuchBucket is not found, InvalidAccessKeyId is wrong credentials, 5xx is StorageError", () => {
    const ctx = { provider: "s3", operation: "list", bucket: "b", key: "" } as const;
    const s3 = (name: string, status: number) =>
      Object.assign(new Error("x"), { name, $metadata: { httpStatusCode: status, requestId: "tx" } });
    expect(s3Error(s3("NoSuchBucket", 404), ctx, false).message).toMatch(/^bucket not found/);
    expect(s3Error(s3("InvalidAccessKeyId", 403), ctx, false).message).toMatch(/^wrong credentials/);
    const storage = s3Error(s3("InternalError", 500), ctx, true);
    expect(storage).toMatchObject({ name: "StorageError", transient: true, requestId: "tx", status: 500 });
  });
});
