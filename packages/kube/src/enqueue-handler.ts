import type { InformerHandlers } from "./informer-types.js";
import { objectKey } from "./object-key.js";
import type { KubeObject } from "./types.js";

export interface EnqueueOptions<T extends KubeObject> {
  /** Only objects passing this are enqueued. */
  filter?: (obj: T) => boolean;
  /** Ignore periodic resyncs (Argo's workflow informer does: it requeues on its own schedule). Default false. */
  skipResync?: boolean;
}

/**
 * Informer handlers that add `namespace/name` keys to a work queue (`@weft/workqueue`'s `add`): on add, on an
 * update that changed the resourceVersion (or a resync), and on delete (the worker finds the key gone from the
 * cache and cleans up).
 */
export function enqueueHandler<T extends KubeObject>(
  queue: { add(key: string): void },
  options: EnqueueOptions<T> = {},
): InformerHandlers<T> {
  const pass = options.filter ?? (() => true);
  return {
    onAdd: (obj) => {
      if (pass(obj)) queue.add(objectKey(obj));
    },
    onUpdate: (oldObj, newObj, { resync }) => {
      if (
        resync
          ? options.skipResync === true
          : oldObj.metadata.resourceVersion === newObj.metadata.resourceVersion
      )
        return;
      if (pass(newObj)) queue.add(objectKey(newObj));
    },
    onDelete: (obj) => {
      if (pass(obj)) queue.add(objectKey(obj));
    },
  };
}
