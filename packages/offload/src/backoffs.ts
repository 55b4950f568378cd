import { presets } from "@weft/retry";

/** Argo hydrator `readRetry` (5 steps from 100 ms, x2): waits 0.1, 0.2, 0.4, 0.8 s. Used for `get`, `list`, `listOld`. */
export const HYDRATOR_READ_RETRY = presets.hydratorRead;

/** Argo hydrator `writeRetry` (5 steps from 1 s, x2): waits 1, 2, 4, 8 s. Used for `save`, `delete` and migrations. */
export const HYDRATOR_WRITE_RETRY = presets.hydratorWrite;
