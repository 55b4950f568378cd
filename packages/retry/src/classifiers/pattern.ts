import { errorText, firstInChain } from "../error-chain.js";
import { type Classifier, transient } from "../verdict.js";

/** Reports an invalid pattern once per distinct value; replaceable in tests. */
export type PatternWarning = (message: string) => void;

const defaultWarn: PatternWarning = (message) =>
  process.emitWarning(message, { code: "WEFT_TRANSIENT_PATTERN" });

function compile(compiled: Map<string, RegExp | null>, source: string, warn: PatternWarning): RegExp | null {
  const cached = compiled.get(source);
  if (cached !== undefined) return cached;
  let re: RegExp | null = null;
  try {
    re = new RegExp(source);
  } catch (e) {
    warn(
      `TRANSIENT_ERROR_PATTERN is not a valid regular expression and is ignored: ${JSON.stringify(source)} (${
        e instanceof Error ? e.message : String(e)
      })`,
    );
  }
  compiled.set(source, re);
  return re;
}

/**
 * A user pattern matched against each message of the chain (stderr included). `source` is read at each call, so a
 * changed environment takes effect at once, as in Argo. An empty or unset value never matches; an invalid one is
 * reported once through `warn` and ignored.
 */
export function patternClassifier(
  source: () => string | undefined = () => process.env.TRANSIENT_ERROR_PATTERN,
  warn: PatternWarning = defaultWarn,
): Classifier {
  const compiled = new Map<string, RegExp | null>();
  return (err) => {
    const value = source();
    if (!value) return undefined;
    const re = compile(compiled, value, warn);
    if (re === null) return undefined;
    return firstInChain(err, (e) =>
      re.test(errorText(e)) ? transient("pattern", `matches TRANSIENT_ERROR_PATTERN /${value}/`) : undefined,
    );
  };
}

/** `TRANSIENT_ERROR_PATTERN` from the process environment. */
export const pattern: Classifier = patternClassifier();
