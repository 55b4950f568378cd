/**
 * 32-bit Fowler–Noll–Vo hashes, as Go's `hash/fnv` computes them.
 *
 * - `fnv1_32` is Go `fnv.New32()` (multiply, then xor): Argo uses it for the offload node status version.
 * - `fnv1a32` is Go `fnv.New32a()` (xor, then multiply): Argo uses it for node IDs and v2 pod names.
 *
 * Strings are hashed as their UTF-8 bytes (what Go's `[]byte(s)` gives). Results are unsigned 32-bit integers.
 */

const OFFSET_BASIS_32 = 0x811c9dc5;
const PRIME_32 = 0x01000193;

const encoder = new TextEncoder();

function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === "string" ? encoder.encode(input) : input;
}

/** FNV-1a, 32 bit (Go `fnv.New32a`). */
export function fnv1a32(input: string | Uint8Array): number {
  const bytes = toBytes(input);
  let hash = OFFSET_BASIS_32;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i] as number;
    hash = Math.imul(hash, PRIME_32);
  }
  return hash >>> 0;
}

/** FNV-1, 32 bit (Go `fnv.New32`). */
export function fnv1_32(input: string | Uint8Array): number {
  const bytes = toBytes(input);
  let hash = OFFSET_BASIS_32;
  for (let i = 0; i < bytes.length; i++) {
    hash = Math.imul(hash, PRIME_32);
    hash ^= bytes[i] as number;
  }
  return hash >>> 0;
}
