import { checkCompression } from "./compression.js";
import { OffloadFailedError } from "./errors.js";
import type { Nodes } from "./nodes.js";
import {
  checkMaxWorkflowSize,
  compressWorkflowIfNeeded,
  decompressWorkflow,
  isTooLargeError,
  type PackerOptions,
} from "./packer.js";
import type { OffloadRepository } from "./repository.js";
import { type OffloadableWorkflow, withoutFields, withStatus } from "./workflow.js";

export interface HydratorOptions extends PackerOptions {
  /** Argo's `ALWAYS_OFFLOAD_NODE_STATUS=true`: skip compression and always save to the repository. */
  readonly alwaysOffload?: boolean;
}

/**
 * Argo's hydrator (`workflow/hydrator/hydrator.go`). Every method returns a new object and leaves its input as it
 * was. Reads and writes go through the repository, which retries with Argo's read and write backoffs.
 */
export interface Hydrator {
  /** `compressedNodes` and `offloadNodeStatusVersion` are both empty. */
  isHydrated(wf: OffloadableWorkflow): boolean;
  /** Decompresses, then loads offloaded nodes by (uid, version); a missing row is an `OffloadNotFoundError`. */
  hydrate<W extends OffloadableWorkflow>(wf: W): Promise<W>;
  /**
   * Does nothing when not hydrated. Otherwise compresses when needed (unless `alwaysOffload`); when even the
   * compressed form is too large, or `alwaysOffload` is set, saves the nodes and keeps only their version.
   */
  dehydrate<W extends OffloadableWorkflow>(wf: W): Promise<W>;
  /** Sets `nodes` and clears `compressedNodes` and `offloadNodeStatusVersion`. */
  hydrateWithNodes<W extends OffloadableWorkflow>(wf: W, nodes: Nodes): W;
}

export function createHydrator(repo: OffloadRepository, options: HydratorOptions = {}): Hydrator {
  const packer: PackerOptions = {
    maxWorkflowSize: checkMaxWorkflowSize(options.maxWorkflowSize),
    compression: checkCompression(options.compression ?? {}),
  };
  const alwaysOffload = options.alwaysOffload ?? false;

  const isHydrated = (wf: OffloadableWorkflow): boolean =>
    !wf.status?.compressedNodes && !wf.status?.offloadNodeStatusVersion;

  const hydrateWithNodes = <W extends OffloadableWorkflow>(wf: W, nodes: Nodes): W =>
    withStatus(wf, {
      ...withoutFields(wf.status ?? {}, "compressedNodes", "offloadNodeStatusVersion"),
      nodes,
    });

  return {
    isHydrated,
    hydrateWithNodes,

    async hydrate(wf) {
      const decompressed = decompressWorkflow(wf);
      const version = decompressed.status?.offloadNodeStatusVersion;
      if (!version) return decompressed;
      const nodes = await repo.get(decompressed.metadata?.uid ?? "", version);
      return hydrateWithNodes(decompressed, nodes);
    },

    async dehydrate(wf) {
      if (!isHydrated(wf)) return wf;
      let tooLarge = "";
      if (!alwaysOffload) {
        try {
          const packed = compressWorkflowIfNeeded(wf, packer);
          return withStatus(packed, withoutFields(packed.status ?? {}, "offloadNodeStatusVersion"));
        } catch (err) {
          if (!isTooLargeError(err)) throw err;
          tooLarge = (err as Error).message;
        }
      }
      let version: string;
      try {
        version = await repo.save(
          wf.metadata?.uid ?? "",
          wf.metadata?.namespace ?? "",
          wf.status?.nodes ?? null,
        );
      } catch (err) {
        throw new OffloadFailedError(tooLarge, err);
      }
      return withStatus(wf, {
        ...withoutFields(wf.status ?? {}, "nodes", "compressedNodes"),
        offloadNodeStatusVersion: version,
      });
    },
  };
}
