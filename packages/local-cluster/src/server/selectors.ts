/** Label selectors (equality and set-based) and field selectors, parsed from their query-string forms. */
import { badRequest } from "./status.js";
import type { KubeObject } from "./types.js";

export type LabelRequirement =
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "gt" | "lt"; value: number };

export type LabelSelector = LabelRequirement[];

const KEY_CHARS = /[A-Za-z0-9_./-]/;

/** Parses `app=web,tier!=db,env in (a,b),!legacy` into requirements; throws a 400 Status on bad input. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: LabelSelector = [];
  let i = 0;
  const fail = (why: string): never => {
    throw badRequest(`unable to parse requirement: ${why} in label selector "${text}"`);
  };
  const skipSpaces = () => {
    while (text[i] === " ") i++;
  };
  const readWord = (): string => {
    skipSpaces();
    const start = i;
    while (i < text.length && KEY_CHARS.test(text[i] ?? "")) i++;
    return text.slice(start, i);
  };
  while (true) {
    skipSpaces();
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === "!") {
      negated = true;
      i++;
    }
    const key = readWord();
    if (key === "") fail(`expected a key at position ${i}`);
    skipSpaces();
    if (negated) {
      requirements.push({ key, op: "!exists" });
    } else if (i >= text.length || text[i] === ",") {
      requirements.push({ key, op: "exists" });
    } else if (text.startsWith("==", i) || text.startsWith("!=", i) || text[i] === "=") {
      const op = text[i] === "!" ? "!=" : "=";
      i += text.startsWith("==", i) || text.startsWith("!=", i) ? 2 : 1;
      const value = readWord();
      requirements.push({ key, op, value });
    } else if (text[i] === ">" || text[i] === "<") {
      const op = text[i] === ">" ? "gt" : "lt";
      i++;
      const word = readWord();
      const value = Number(word);
      if (word === "" || !Number.isInteger(value))
        fail(`for 'gt', 'lt' operators, the value must be an integer`);
      requirements.push({ key, op, value });
    } else {
      const opWord = readWord();
      if (opWord !== "in" && opWord !== "notin")
        fail(`found '${opWord}', expected: in, notin, =, ==, !=, gt, lt`);
      skipSpaces();
      if (text[i] !== "(") fail(`found '${text[i] ?? "EOS"}', expected: '('`);
      i++;
      const values: string[] = [];
      while (true) {
        values.push(readWord());
        skipSpaces();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === ")") {
          i++;
          break;
        }
        fail(`found '${text[i] ?? "EOS"}', expected: ',' or ')'`);
      }
      requirements.push({ key, op: opWord === "in" ? "in" : "notin", values });
    }
    skipSpaces();
    if (i < text.length) {
      if (text[i] !== ",") fail(`found '${text[i]}', expected: ','`);
      i++;
    }
  }
  return requirements;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of selector) {
    const has = labels !== undefined && Object.hasOwn(labels, r.key);
    const value = has ? labels[r.key] : undefined;
    switch (r.op) {
      case "exists":
        if (!has) return false;
        break;
      case "!exists":
        if (has) return false;
        break;
      case "=":
        if (value !== r.value) return false;
        break;
      case "!=":
        if (value === r.value) return false;
        break;
      case "in":
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case "notin":
        if (value !== undefined && r.values.includes(value)) return false;
        break;
      case "gt":
      case "lt": {
        if (value === undefined) return false;
        const n = Number(value);
        if (!Number.isInteger(n)) return false;
        if (r.op === "gt" ? !(n > r.value) : !(n < r.value)) return false;
        break;
      }
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`. `supported` lists the selectable fields of the resource. */
export function parseFieldSelector(
  text: string,
  supported: readonly string[],
  custom: boolean,
): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  if (text.trim() === "") return out;
  for (const part of text.split(",")) {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (m === null) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = m[1] ?? "";
    if (!supported.includes(field)) {
      if (custom) {
        throw badRequest(
          `"${field}" is not a known field selector: only ${supported.map((f) => `"${f}"`).join(", ")}`,
        );
      }
      throw badRequest(`field label not supported: ${field}`);
    }
    out.push({ field, op: m[2] === "!=" ? "!=" : "=", value: m[3] ?? "" });
  }
  return out;
}

/** Reads a dotted field path from an object as the string a field selector compares against. */
export function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (typeof cur !== "object" || cur === null) return "";
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return "";
  if (typeof cur === "string") return cur;
  if (typeof cur === "number" || typeof cur === "boolean") return String(cur);
  return JSON.stringify(cur);
}

export function matchesFields(requirements: readonly FieldRequirement[], obj: KubeObject): boolean {
  for (const r of requirements) {
    const v = fieldValue(obj, r.field);
    if (r.op === "=" ? v !== r.value : v === r.value) return false;
  }
  return true;
}

/** Both selectors of a list or watch request. */
export interface ObjectFilter {
  labels: LabelSelector;
  fields: FieldRequirement[];
}

export function matchesFilter(filter: ObjectFilter, obj: KubeObject): boolean {
  return matchesLabels(filter.labels, obj.metadata.labels) && matchesFields(filter.fields, obj);
}
