import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** Query parameters that are not sub-resources, so OSS V1 does not sign them. */
const NOT_SIGNED = new Set([
  "prefix",
  "marker",
  "max-keys",
  "delimiter",
  "list-type",
  "start-after",
  "fetch-owner",
  "encoding-type",
]);

function header(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : (v ?? "");
}

/**
 * The OSS V1 string to sign: `VERB\nContent-MD5\nContent-Type\nDate\n` + sorted `x-oss-*:value` lines +
 * the canonical resource `/bucket/key?sub-resources`.
 */
export function ossV1StringToSign(
  method: string,
  headers: IncomingHttpHeaders,
  bucket: string | undefined,
  key: string,
  query: URLSearchParams,
): string {
  const ossHeaders = Object.keys(headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith("x-oss-"))
    .sort()
    .map((k) => `${k}:${header(headers, k).trim()}`);
  const sub = [...query.entries()]
    .filter(([k]) => !NOT_SIGNED.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === "" ? k : `${k}=${v}`));
  let resource = `/${bucket === undefined ? "" : `${bucket}/`}${key}`;
  if (sub.length > 0) resource += `?${sub.join("&")}`;
  const date = header(headers, "x-oss-date") || header(headers, "date");
  return [
    method,
    header(headers, "content-md5"),
    header(headers, "content-type"),
    date,
    ...ossHeaders,
    resource,
  ].join("\n");
}

export function ossV1Signature(secret: string, stringToSign: string): string {
  return createHmac("sha1", secret).update(stringToSign).digest("base64");
}

export type SignatureCheck =
  | { readonly ok: true; readonly accessKeyId: string; readonly version: 1 | 4 }
  | {
      readonly ok: false;
      readonly code: "AccessDenied" | "InvalidAccessKeyId" | "SignatureDoesNotMatch";
      readonly message: string;
    };

/**
 * Checks an `Authorization` header against one key pair. V1 (`OSS ak:signature`) is verified in full; for V4
 * (`OSS4-HMAC-SHA256 Credential=ak/...`) only the access key id is checked.
 */
export function checkOssSignature(
  req: { method: string; headers: IncomingHttpHeaders },
  bucket: string | undefined,
  key: string,
  query: URLSearchParams,
  credentials: { accessKeyId: string; accessKeySecret: string },
): SignatureCheck {
  const auth = header(req.headers, "authorization");
  if (auth === "")
    return { ok: false, code: "AccessDenied", message: "AccessDenied: anonymous access is forbidden" };
  const v4 = /^OSS4-HMAC-SHA256 Credential=([^/,]+)\//.exec(auth);
  if (v4 !== null) {
    if (v4[1] !== credentials.accessKeyId) {
      return {
        ok: false,
        code: "InvalidAccessKeyId",
        message: "The OSS Access Key Id you provided does not exist in our records.",
      };
    }
    return { ok: true, accessKeyId: credentials.accessKeyId, version: 4 };
  }
  const v1 = /^OSS ([^:]+):(.+)$/.exec(auth);
  if (v1 === null) return { ok: false, code: "AccessDenied", message: "Authorization header is invalid." };
  if (v1[1] !== credentials.accessKeyId) {
    return {
      ok: false,
      code: "InvalidAccessKeyId",
      message: "The OSS Access Key Id you provided does not exist in our records.",
    };
  }
  const expected = Buffer.from(
    ossV1Signature(
      credentials.accessKeySecret,
      ossV1StringToSign(req.method, req.headers, bucket, key, query),
    ),
  );
  const got = Buffer.from(v1[2] ?? "");
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
    return {
      ok: false,
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided.",
    };
  }
  return { ok: true, accessKeyId: credentials.accessKeyId, version: 1 };
}
