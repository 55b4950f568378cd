import * as zlib from "node:zlib";

/** Argo's `WORKFLOW_COMPRESSION_ALGORITHM` values. gzip is the default; zstd needs a runtime with `zlib.zstd*`. */
export type CompressionAlgorithm = "gzip" | "zstd" | "brotli";

export const COMPRESSION_ALGORITHMS: readonly CompressionAlgorithm[] = ["gzip", "zstd", "brotli"];

export interface CompressionOptions {
  readonly algorithm?: CompressionAlgorithm;
  /** gzip 1-9, zstd 1-22, brotli 0-11; default: the library's own default. */
  readonly level?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const LEVELS: Record<CompressionAlgorithm, readonly [number, number]> = {
  gzip: [1, 9],
  zstd: [1, 22],
  brotli: [0, 11],
};

/** Whether this Node has zstd (`zlib.zstdCompressSync`, Node >= 22.15 / 23.8). */
export function zstdAvailable(): boolean {
  return typeof zlib.zstdCompressSync === "function" && typeof zlib.zstdDecompressSync === "function";
}

/** Validates compression options up front (a `TypeError` naming the field). */
export function checkCompression(
  options: CompressionOptions,
  fields: { readonly algorithm: string; readonly level: string } = {
    algorithm: "compression",
    level: "compressionLevel",
  },
): Required<Pick<CompressionOptions, "algorithm">> & CompressionOptions {
  const algorithm = options.algorithm ?? "gzip";
  if (!COMPRESSION_ALGORITHMS.includes(algorithm)) {
    throw new TypeError(
      `${fields.algorithm}: "${String(algorithm)}" is not one of ${COMPRESSION_ALGORITHMS.join(", ")}`,
    );
  }
  if (algorithm === "zstd" && !zstdAvailable()) {
    throw new TypeError(
      `${fields.algorithm}: zstd is not available in Node ${process.versions.node} (needs zlib.zstdCompressSync)`,
    );
  }
  if (options.level !== undefined) {
    const [min, max] = LEVELS[algorithm];
    if (!Number.isInteger(options.level) || options.level < min || options.level > max) {
      throw new TypeError(
        `${fields.level}: ${algorithm} level must be an integer in [${min}, ${max}], got ${String(options.level)}`,
      );
    }
  }
  return { ...options, algorithm };
}

function startsWith(buf: Buffer, magic: readonly number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

/** Compresses `text` and encodes it as standard base64 (Argo's `CompressEncodeString`). */
export function compressEncode(text: string, options: CompressionOptions = {}): string {
  const { algorithm, level } = checkCompression(options);
  const input = Buffer.from(text, "utf8");
  let out: Buffer;
  switch (algorithm) {
    case "gzip":
      out = zlib.gzipSync(input, level === undefined ? {} : { level });
      break;
    case "zstd":
      out = zlib.zstdCompressSync(
        input,
        level === undefined ? {} : { params: { [zlib.constants.ZSTD_c_compressionLevel]: level } },
      );
      break;
    case "brotli":
      out = zlib.brotliCompressSync(input, {
        params: {
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: input.length,
          ...(level === undefined ? {} : { [zlib.constants.BROTLI_PARAM_QUALITY]: level }),
        },
      });
      break;
  }
  return out.toString("base64");
}

/**
 * Decodes base64 and decompresses, choosing the algorithm by magic bytes: gzip `1f 8b`, zstd `28 b5 2f fd`;
 * anything else is tried as brotli (which has no magic). Errors name what was found.
 */
export function decodeDecompress(encoded: string, field = "compressedNodes"): string {
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw new Error(`${field}: not standard base64`);
  }
  const buf = Buffer.from(encoded, "base64");
  try {
    if (startsWith(buf, GZIP_MAGIC)) return zlib.gunzipSync(buf).toString("utf8");
    if (startsWith(buf, ZSTD_MAGIC)) {
      if (!zstdAvailable()) throw new Error(`zstd data, but Node ${process.versions.node} has no zstd`);
      return zlib.zstdDecompressSync(buf).toString("utf8");
    }
  } catch (err) {
    throw new Error(`${field}: cannot decompress: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  try {
    return zlib.brotliDecompressSync(buf).toString("utf8");
  } catch (err) {
    const head = [...buf.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(
      `${field}: unknown compression (first bytes ${head || "none"}; expected gzip 1f 8b, zstd 28 b5 2f fd or brotli)`,
      { cause: err },
    );
  }
}
