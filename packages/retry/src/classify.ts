import { explicit } from "./classifiers/explicit.js";
import { http } from "./classifiers/http.js";
import { kubernetes } from "./classifiers/kubernetes.js";
import { messages, sqlHydration } from "./classifiers/messages.js";
import { network } from "./classifiers/network.js";
import { oss } from "./classifiers/oss.js";
import { pattern } from "./classifiers/pattern.js";
import { s3 } from "./classifiers/s3.js";
import { mysql, postgres } from "./classifiers/sql.js";
import { type Classifier, permanent, type Verdict } from "./verdict.js";

/**
 * Every built-in classifier, by name, in the default order: the positive-only rules first (an explicit mark, the
 * user pattern, Argo's messages, network codes), then the provider rules that can also say "permanent", then HTTP
 * status classes.
 */
export const classifiers = {
  explicit,
  pattern,
  messages,
  sqlHydration,
  network,
  kubernetes,
  s3,
  oss,
  postgres,
  mysql,
  http,
} as const satisfies Record<string, Classifier>;

/** The built-in classifiers in their default order (the order of `classifiers`). */
export const defaultClassifiers: readonly Classifier[] = Object.freeze(Object.values(classifiers));

const NO_RULE: Verdict = permanent("default", "no classifier recognised the error");

/** Asks each classifier in turn; the first verdict wins. Nothing recognised it: permanent. */
export function classify(err: unknown, using: readonly Classifier[] = defaultClassifiers): Verdict {
  if (err === undefined || err === null) return permanent("default", "no error");
  for (const c of using) {
    let verdict: Verdict | undefined;
    try {
      verdict = c(err);
    } catch {
      verdict = undefined; // a classifier that throws has no opinion
    }
    if (verdict !== undefined) return verdict;
  }
  return NO_RULE;
}

/** `classify(err).transient` with every built-in classifier. */
export function isTransient(err: unknown): boolean {
  return classify(err).transient;
}

/** One classifier made of several: the first defined verdict wins. */
export function composeClassifiers(...parts: readonly Classifier[]): Classifier {
  return (err) => {
    const v = classify(err, parts);
    return v === NO_RULE ? undefined : v;
  };
}
