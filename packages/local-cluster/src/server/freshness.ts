/**
 * "Too large resource version": a list or watch asking for a resourceVersion the server has not reached waits up
 * to 3 s for it (as the watch cache does), then fails with 504 Timeout and a ResourceVersionTooLarge cause, so a
 * client holding a resourceVersion from another (for instance restarted) server notices instead of hanging.
 */
import type { ObjectStore } from "./object-store.js";
import { ApiError } from "./status.js";
import type { Clock } from "./types.js";

export const FRESHNESS_WAIT_MS = 3000;

export async function awaitResourceVersion(
  store: ObjectStore,
  rv: string,
  clock: Clock,
  waitMs = FRESHNESS_WAIT_MS,
): Promise<void> {
  const wanted = Number(rv);
  if (rv === "" || !Number.isInteger(wanted) || wanted <= store.resourceVersion) return;
  const reached = await new Promise<boolean>((resolve) => {
    let timer: unknown;
    const unsubscribe = store.subscribeAll(() => {
      if (store.resourceVersion >= wanted) {
        clock.clearTimeout(timer);
        unsubscribe();
        resolve(true);
      }
    });
    timer = clock.setTimeout(() => {
      unsubscribe();
      resolve(store.resourceVersion >= wanted);
    }, waitMs);
  });
  if (reached) return;
  throw new ApiError(
    504,
    "Timeout",
    `Too large resource version: ${wanted}, current: ${store.resourceVersion}`,
    {
      causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
      retryAfterSeconds: 1,
    },
    { "Retry-After": "1" },
  );
}
