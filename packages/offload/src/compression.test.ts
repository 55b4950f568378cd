import { describe, expect, it } from "vitest";
import { checkCompression, compressEncode, decodeDecompress, zstdAvailable } from "./compression.js";

const text = JSON.stringify({ a: { id: "a", name: "wf.step(0)", phase: "Succeeded" } }).repeat(50);

describe("compression", () => {
  it("round-trips gzip (default), zstd and brotli, each recognised when decoding", () => {
    for (const algorithm of ["gzip", "zstd", "brotli"] as const) {
      const encoded = compressEncode(text, { algorithm });
      expect(encoded.length).toBeLessThan(text.length / 4);
      expect(decodeDecompress(encoded)).toBe(text);
    }
  });

  it("writes the magic bytes Argo sniffs: gzip 1f 8b, zstd 28 b5 2f fd", () => {
    expect([...Buffer.from(compressEncode(text), "base64").subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect([...Buffer.from(compressEncode(text, { algorithm: "zstd" }), "base64").subarray(0, 4)]).toEqual([
      0x28, 0xb5, 0x2f, 0xfd,
    ]);
  });

  it("honours the level", () => {
    const fast = compressEncode(text.repeat(20), { algorithm: "gzip", level: 1 });
    const best = compressEncode(text.repeat(20), { algorithm: "gzip", level: 9 });
    expect(best.length).toBeLessThanOrEqual(fast.length);
    expect(decodeDecompress(best)).toBe(text.repeat(20));
  });

  it("names what is wrong with bad input", () => {
    expect(() => decodeDecompress("not base64!")).toThrow("compressedNodes: not standard base64");
    expect(() => decodeDecompress(Buffer.from("plain text, no compression").toString("base64"))).toThrow(
      /compressedNodes: unknown compression \(first bytes 70 6c 61 69; expected gzip 1f 8b, zstd 28 b5 2f fd or brotli\)/,
    );
    const truncated = Buffer.from(compressEncode(text), "base64").subarray(0, 12).toString("base64");
    expect(() => decodeDecompress(truncated)).toThrow(/compressedNodes: cannot decompress/);
    expect(() => checkCompression({ algorithm: "lz4" as never })).toThrow(
      'compression: "lz4" is not one of gzip, zstd, brotli',
    );
    expect(() => checkCompression({ algorithm: "gzip", level: 12 })).toThrow(
      "compressionLevel: gzip level must be an integer in [1, 9], got 12",
    );
  });

  it("knows this runtime has zstd (Node 24)", () => {
    expect(zstdAvailable()).toBe(true);
  });
});
