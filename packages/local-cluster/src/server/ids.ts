/** Default uid and name-suffix generation (crypto random), replaceable for deterministic tests. */
import { randomInt, randomUUID } from "node:crypto";
import type { IdSource } from "./types.js";

const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

export const randomIds: IdSource = {
  uid: () => randomUUID(),
  suffix: (length) => {
    let s = "";
    for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return s;
  },
};

/** Deterministic ids for tests: uids `00000000-0000-0000-0000-00000000000N`, suffixes from a counter. */
export function sequentialIds(): IdSource {
  let n = 0;
  return {
    uid: () => `00000000-0000-0000-0000-${String(++n).padStart(12, "0")}`,
    suffix: (length) => {
      let v = ++n;
      let s = "";
      for (let i = 0; i < length; i++) {
        s += ALPHABET[v % ALPHABET.length];
        v = Math.floor(v / ALPHABET.length);
      }
      return s;
    },
  };
}
