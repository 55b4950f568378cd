/** How deep `cause` chains are followed (guards against cycles and pathological nesting). */
const MAX_DEPTH = 10;

/** A plain record view of an error-like value, for reading optional properties without `any`. */
export type ErrorLike = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): ErrorLike | undefined {
  return typeof value === "object" && value !== null ? (value as ErrorLike) : undefined;
}

/**
 * The error and every error in its `cause` chain (and the members of an `AggregateError`), outermost first,
 * each once.
 */
export function errorChain(err: unknown): readonly unknown[] {
  // classify() hands the same error to every classifier in turn: remember the last chain walked.
  if (err === lastError && lastChain !== undefined) return lastChain;
  const rec = asRecord(err);
  const chain = rec !== undefined && rec.cause === undefined && rec.errors === undefined ? [err] : walk(err);
  lastError = err;
  lastChain = chain;
  return chain;
}

let lastError: unknown;
let lastChain: readonly unknown[] | undefined;

function walk(err: unknown): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (e === undefined || e === null || depth > MAX_DEPTH || seen.has(e)) return;
    seen.add(e);
    out.push(e);
    const rec = asRecord(e);
    if (!rec) return;
    visit(rec.cause, depth + 1);
    if (Array.isArray(rec.errors)) for (const inner of rec.errors) visit(inner, depth + 1);
  };
  visit(err, 0);
  return out;
}

/** Applies `fn` to each error of the chain and returns its first defined answer. */
export function firstInChain<R>(err: unknown, fn: (e: unknown) => R | undefined): R | undefined {
  for (const e of errorChain(err)) {
    const r = fn(e);
    if (r !== undefined) return r;
  }
  return undefined;
}

/**
 * The text patterns are matched against: the message, plus a child process's stderr when there is one
 * (as Argo appends an ExitError's stderr), so failures of subprocesses such as kubectl can match.
 */
export function errorText(e: unknown): string {
  if (typeof e === "string") return e;
  const rec = asRecord(e);
  if (!rec) return String(e);
  const message = typeof rec.message === "string" ? rec.message : "";
  const stderr = rec.stderr;
  if (typeof stderr === "string" && stderr.length > 0) return `${message} ${stderr}`;
  if (stderr instanceof Uint8Array && stderr.length > 0)
    return `${message} ${Buffer.from(stderr).toString()}`;
  return message;
}

export function stringProp(e: unknown, key: string): string | undefined {
  const v = asRecord(e)?.[key];
  return typeof v === "string" ? v : undefined;
}

export function numberProp(e: unknown, key: string): number | undefined {
  const v = asRecord(e)?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
