/** Request bodies: a size limit (413 past it, as kube-apiserver's 3 MiB), then JSON or YAML decoding (400 when malformed). */
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import { ApiError, badRequest, tooLarge } from "./status.js";

/** kube-apiserver's limit on a request body. */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_REQUEST_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() ?? "application/json";
}

/** Decodes a body as JSON, or YAML for YAML media types. */
export function decodeBody(raw: Buffer, type: string, expectedKind: string): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") throw badRequest("the body of the request is empty");
  if (type.endsWith("yaml")) {
    try {
      return parseYaml(text);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split("\n")[0] ?? ""}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(
      400,
      "BadRequest",
      `the object provided is unrecognized (must be of type ${expectedKind}): couldn't get version/kind; json parse error: ${(e as Error).message}`,
    );
  }
}
