/**
 * The default identity of queue items: the item itself, for primitives (strings, numbers, bigints, booleans,
 * symbols; compared with SameValueZero). Objects have no default identity, because two objects describing the same
 * resource are different `Map` keys: give the queue a `key` function (`(pod) => pod.metadata.uid`), or
 * `key: (x) => x` to compare objects by reference as client-go does for pointers.
 */
export function primitiveKey<T>(item: T): T {
  if ((typeof item === "object" && item !== null) || typeof item === "function") {
    throw new TypeError(
      "workqueue: item is an object and the queue has no key function; pass options.key " +
        "(e.g. key: (pod) => pod.metadata.uid, or key: (x) => x for reference identity)",
    );
  }
  return item;
}
