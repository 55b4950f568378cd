/**
 * Fault injection for reliability tests: fail the next N matching requests with a Status, reset their TCP
 * connection, delay them, or cut open watch streams. Matching is by verb, resource (`pods`, `pods/status`),
 * API group, namespace and name; an omitted field matches anything.
 */
import type { ObjectStore } from "./object-store.js";
import { ApiError, type StatusDetails } from "./status.js";
import type { OpenWatch } from "./watch.js";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface FaultMatch {
  verb?: Verb | Verb[];
  /** Resource plural, optionally with a subresource: `pods`, `pods/status`, `workflows`. */
  resource?: string;
  group?: string;
  namespace?: string;
  name?: string;
}

export type FaultAction =
  /** Answer with this Status code (429 also sends Retry-After). A 410 on a watch is an in-stream ERROR event. */
  | { type: "status"; code: number; reason?: string; message?: string; retryAfterSeconds?: number }
  /** Destroy the TCP connection without answering (the client sees ECONNRESET / "socket hang up"). */
  | { type: "reset" }
  /** Hold the request this long, then serve it normally. */
  | { type: "delay"; ms: number }
  /** Serve a watch, then cut its stream after `afterMs` ("reset" destroys the socket, "end" closes cleanly). */
  | { type: "cutWatch"; afterMs: number; mode?: "end" | "reset" };

export interface FaultRule extends FaultMatch {
  action: FaultAction;
  /** How many matching requests the rule affects (default 1; Infinity for every one). */
  times?: number;
}

export interface FaultHandle {
  /** Requests the rule has affected so far. */
  readonly hits: number;
  readonly remaining: number;
  remove(): void;
}

export interface RequestFacts {
  verb: Verb;
  resource: string;
  subresource: string | undefined;
  group: string;
  namespace: string | undefined;
  name: string | undefined;
}

const DEFAULTS: Record<number, { reason: string; message: string }> = {
  400: { reason: "BadRequest", message: "the server rejected our request for an unknown reason" },
  401: { reason: "Unauthorized", message: "Unauthorized" },
  403: { reason: "Forbidden", message: "forbidden (injected fault)" },
  404: { reason: "NotFound", message: "the server could not find the requested resource" },
  409: { reason: "Conflict", message: "the server reported a conflict" },
  410: { reason: "Expired", message: "too old resource version: 1 (2)" },
  422: { reason: "Invalid", message: "the server rejected our request due to an error in our request" },
  429: {
    reason: "TooManyRequests",
    message: "the server has received too many requests and has asked us to try again later",
  },
  500: {
    reason: "InternalError",
    message: 'an error on the server ("injected fault") has prevented the request from succeeding',
  },
  503: { reason: "ServiceUnavailable", message: "the server is currently unable to handle the request" },
  504: {
    reason: "Timeout",
    message:
      "the server was unable to return a response in the time allotted, but may still be processing the request",
  },
};

export function faultError(action: Extract<FaultAction, { type: "status" }>): ApiError {
  const d = DEFAULTS[action.code] ?? { reason: "Unknown", message: "injected fault" };
  const details: StatusDetails | undefined =
    action.retryAfterSeconds !== undefined ? { retryAfterSeconds: action.retryAfterSeconds } : undefined;
  const headers: Record<string, string> = {};
  if (action.retryAfterSeconds !== undefined) headers["Retry-After"] = String(action.retryAfterSeconds);
  else if (action.code === 429) headers["Retry-After"] = "1";
  return new ApiError(action.code, action.reason ?? d.reason, action.message ?? d.message, details, headers);
}

interface LiveRule {
  rule: FaultRule;
  hits: number;
  remaining: number;
}

function matchesFacts(m: FaultMatch, f: RequestFacts): boolean {
  if (m.verb !== undefined) {
    const verbs = Array.isArray(m.verb) ? m.verb : [m.verb];
    if (!verbs.includes(f.verb)) return false;
  }
  if (m.resource !== undefined) {
    const full = f.subresource === undefined ? f.resource : `${f.resource}/${f.subresource}`;
    if (m.resource !== full) return false;
  }
  if (m.group !== undefined && m.group !== f.group) return false;
  if (m.namespace !== undefined && m.namespace !== f.namespace) return false;
  if (m.name !== undefined && m.name !== f.name) return false;
  return true;
}

export class FaultInjector {
  readonly #rules: LiveRule[] = [];
  readonly #watches: Set<OpenWatch>;
  readonly #store: ObjectStore;

  constructor(watches: Set<OpenWatch>, store: ObjectStore) {
    this.#watches = watches;
    this.#store = store;
  }

  /** Adds a rule; the first live matching rule (in insertion order) applies to each request. */
  inject(rule: FaultRule): FaultHandle {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error(`fault rule times must be positive, got ${times}`);
    if (rule.action.type === "cutWatch" && !(rule.action.afterMs >= 0)) {
      throw new Error(`fault rule action.afterMs must be a non-negative number, got ${rule.action.afterMs}`);
    }
    if (rule.action.type === "delay" && !(rule.action.ms >= 0)) {
      throw new Error(`fault rule action.ms must be a non-negative number, got ${rule.action.ms}`);
    }
    if (rule.action.type === "status" && !(rule.action.code >= 400 && rule.action.code <= 599)) {
      throw new Error(`fault rule action.code must be an HTTP error code (400-599), got ${rule.action.code}`);
    }
    const live: LiveRule = { rule, hits: 0, remaining: times };
    this.#rules.push(live);
    return {
      get hits() {
        return live.hits;
      },
      get remaining() {
        return live.remaining;
      },
      remove: () => {
        const i = this.#rules.indexOf(live);
        if (i >= 0) this.#rules.splice(i, 1);
      },
    };
  }

  /** Fails the next `times` matching requests with `code` (reason and message default per code). */
  failNext(
    times: number,
    match: FaultMatch,
    code: number,
    extra: { reason?: string; message?: string; retryAfterSeconds?: number } = {},
  ): FaultHandle {
    return this.inject({ ...match, times, action: { type: "status", code, ...extra } });
  }

  resetNext(times: number, match: FaultMatch): FaultHandle {
    return this.inject({ ...match, times, action: { type: "reset" } });
  }

  delayNext(times: number, match: FaultMatch, ms: number): FaultHandle {
    return this.inject({ ...match, times, action: { type: "delay", ms } });
  }

  /** Ends every open watch stream that matches (by resource, group, namespace); returns how many were cut. */
  cutWatches(match: Omit<FaultMatch, "verb" | "name"> = {}, mode: "end" | "reset" = "reset"): number {
    let n = 0;
    for (const w of [...this.#watches]) {
      if (match.resource !== undefined && match.resource !== w.resource) continue;
      if (match.group !== undefined && match.group !== w.group) continue;
      if (match.namespace !== undefined && match.namespace !== w.namespace) continue;
      w.cut(mode);
      n++;
    }
    return n;
  }

  /**
   * Sends an ERROR event with a Status of `code` (410 Expired by default) into every matching open watch, then ends
   * those streams, as kube-apiserver does when a watch breaks mid-stream; returns how many were affected.
   */
  failWatches(
    match: Omit<FaultMatch, "verb" | "name"> = {},
    code = 410,
    extra: { reason?: string; message?: string } = {},
  ): number {
    const status = faultError({ type: "status", code, ...extra }).toStatus();
    let n = 0;
    for (const w of [...this.#watches]) {
      if (match.resource !== undefined && match.resource !== w.resource) continue;
      if (match.group !== undefined && match.group !== w.group) continue;
      if (match.namespace !== undefined && match.namespace !== w.namespace) continue;
      w.fail(status);
      n++;
    }
    return n;
  }

  /** Number of watch streams currently open. */
  openWatches(): number {
    return this.#watches.size;
  }

  /** Forgets watch history, so a watch from any earlier resourceVersion gets 410 Gone ("too old resource version"). */
  expireHistory(): void {
    this.#store.compactHistory();
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The action for this request, consuming one use of the matching rule. */
  take(facts: RequestFacts): FaultAction | undefined {
    for (const live of this.#rules) {
      if (live.remaining <= 0 || !matchesFacts(live.rule, facts)) continue;
      if (live.rule.action.type === "cutWatch" && facts.verb !== "watch") continue;
      live.remaining--;
      live.hits++;
      if (live.remaining <= 0) this.#rules.splice(this.#rules.indexOf(live), 1);
      return live.rule.action;
    }
    return undefined;
  }
}
