import { isAbsolute } from "node:path";

/** The checks a `Kubelet` applies to its options; throws an Error naming the option and the rule. */
export function validateKubeletOptions(o: {
  nodeName: string;
  rootDir: string;
  port?: number;
  heartbeatSeconds?: number;
  shutdownGracePeriodSeconds?: number;
}): void {
  if (
    o.nodeName.length > 253 ||
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(o.nodeName)
  ) {
    throw new Error(
      `nodeName: "${o.nodeName}" must be a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)`,
    );
  }
  if (!isAbsolute(o.rootDir)) throw new Error(`rootDir: "${o.rootDir}" must be an absolute path`);
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535)) {
    throw new Error(`port: ${o.port} must be an integer in 0..65535`);
  }
  if (o.heartbeatSeconds !== undefined && !(o.heartbeatSeconds > 0)) {
    throw new Error(`heartbeatSeconds: ${o.heartbeatSeconds} must be positive`);
  }
  if (o.shutdownGracePeriodSeconds !== undefined && !(o.shutdownGracePeriodSeconds >= 0)) {
    throw new Error(`shutdownGracePeriodSeconds: ${o.shutdownGracePeriodSeconds} must not be negative`);
  }
}
