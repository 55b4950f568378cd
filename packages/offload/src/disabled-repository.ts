import { OffloadDisabledError } from "./errors.js";
import type { OffloadRepository } from "./repository.js";

const fail = async (): Promise<never> => {
  throw new OffloadDisabledError();
};

/**
 * Offloading switched off (Argo's `ExplosiveOffloadNodeStatusRepo`): `isEnabled()` is false and every other method
 * rejects with "offload node status is not supported". A hydrator over it still compresses; a workflow too large
 * even compressed fails with Argo's message.
 */
export function disabledOffloadRepository(clusterName = "default"): OffloadRepository {
  return {
    clusterName,
    isEnabled: () => false,
    now: Date.now,
    migrate: fail,
    save: fail,
    get: fail,
    list: fail,
    listOld: fail,
    listOlderThan: fail,
    delete: fail,
    deleteOlderThan: fail,
    close: async () => {},
  };
}
