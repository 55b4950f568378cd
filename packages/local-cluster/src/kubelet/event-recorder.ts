import type { CoreV1Api, V1Pod } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Clock } from "./clock.js";
import type { PodEventType } from "./pod-worker.js";

/** Records core/v1 Events about pods, as the kubelet's event recorder does. Failures are logged, never thrown. */
export class EventRecorder {
  readonly #core: CoreV1Api;
  readonly #node: string;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(core: CoreV1Api, node: string, clock: Clock, logger: Logger) {
    this.#core = core;
    this.#node = node;
    this.#clock = clock;
    this.#logger = logger;
  }

  record(pod: V1Pod, type: PodEventType, reason: string, message: string, component = "kubelet"): void {
    const namespace = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    const now = new Date(Math.floor(this.#clock.now() / 1000) * 1000);
    this.#logger.info({ pod: `${namespace}/${name}`, type, reason }, message);
    this.#core
      .createNamespacedEvent({
        namespace,
        body: {
          metadata: { generateName: `${name}.`, namespace },
          involvedObject: {
            apiVersion: "v1",
            kind: "Pod",
            name,
            namespace,
            ...(pod.metadata?.uid === undefined ? {} : { uid: pod.metadata.uid }),
          },
          reason,
          message,
          type,
          source: { component, host: this.#node },
          reportingComponent: component,
          reportingInstance: this.#node,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      })
      .catch((err: unknown) => this.#logger.debug({ err: String(err), reason }, "could not record event"));
  }
}
