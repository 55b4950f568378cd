import { describe, expect, it } from "vitest";
import { checkOssSignature, ossV1Signature, ossV1StringToSign } from "./oss-signature.js";

const headers = {
  "content-type": "text/plain",
  "content-md5": "eB5eJF1ptWaXm4bijSPyxw==",
  "x-oss-date": "Sun, 22 Nov 2026 11:52:17 GMT",
  "x-oss-meta-b": " two ",
  "x-oss-meta-a": "one",
};

describe("OSS V1 signatures", () => {
  it("builds the string to sign: verb, MD5, type, date, sorted x-oss headers, resource with sub-resources", () => {
    const q = new URLSearchParams("uploadId=U1&partNumber=2&prefix=ignored&max-keys=5");
    expect(ossV1StringToSign("PUT", headers, "bkt", "dir/obj.txt", q)).toBe(
      [
        "PUT",
        "eB5eJF1ptWaXm4bijSPyxw==",
        "text/plain",
        "Sun, 22 Nov 2026 11:52:17 GMT",
        "x-oss-date:Sun, 22 Nov 2026 11:52:17 GMT",
        "x-oss-meta-a:one",
        "x-oss-meta-b:two",
        "/bkt/dir/obj.txt?partNumber=2&uploadId=U1",
      ].join("\n"),
    );
    expect(ossV1StringToSign("POST", {}, "bkt", "", new URLSearchParams("delete="))).toBe(
      "POST\n\n\n\n/bkt/?delete",
    );
  });

  it("accepts the right signature and tells the three refusals apart", () => {
    const q = new URLSearchParams();
    const sig = ossV1Signature("sk", ossV1StringToSign("GET", headers, "bkt", "k", q));
    const creds = { accessKeyId: "ak", accessKeySecret: "sk" };
    const req = (authorization?: string) => ({
      method: "GET",
      headers: authorization === undefined ? headers : { ...headers, authorization },
    });
    expect(checkOssSignature(req(`OSS ak:${sig}`), "bkt", "k", q, creds)).toEqual({
      ok: true,
      accessKeyId: "ak",
      version: 1,
    });
    expect(checkOssSignature(req(`OSS ak:${sig}`), "bkt", "other", q, creds)).toMatchObject({
      code: "SignatureDoesNotMatch",
    });
    expect(checkOssSignature(req(`OSS zz:${sig}`), "bkt", "k", q, creds)).toMatchObject({
      code: "InvalidAccessKeyId",
    });
    expect(checkOssSignature(req(), "bkt", "k", q, creds)).toMatchObject({ code: "AccessDenied" });
  });
});
