/**
 * A strict parser for the Prometheus text exposition format 0.0.4, written from the format's specification (the
 * grammar of `prometheus/docs` "Exposition formats" and the rules `expfmt`'s text parser enforces). It rejects what
 * a Prometheus server would refuse or mis-ingest: malformed names, label sets or escapes, bad floats, a second HELP
 * or TYPE for a name, TYPE after the family's first sample, a family split into two groups, a series repeated in a
 * family, duplicate label names, and inconsistent histograms (missing or unparsable `le`, non-cumulative buckets,
 * no `+Inf` bucket, `+Inf` bucket different from `_count`).
 */

export type ExpositionType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface ExpositionSample {
  /** The sample's own name (`x_bucket`, `x_sum`, ... for histograms). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs?: number;
}

export interface ExpositionFamily {
  readonly name: string;
  readonly type: ExpositionType;
  readonly help: string | undefined;
  readonly samples: readonly ExpositionSample[];
}

export class ExpositionSyntaxError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "ExpositionSyntaxError";
    this.line = line;
  }
}

interface MutableFamily {
  name: string;
  type: ExpositionType | undefined;
  help: string | undefined;
  samples: ExpositionSample[];
  series: Set<string>;
}

const TYPES: ReadonlySet<string> = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT = /^-?\d+$/;

function isNameStart(ch: string, colon: boolean): boolean {
  return (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || ch === "_" || (colon && ch === ":");
}

function isNameChar(ch: string, colon: boolean): boolean {
  return isNameStart(ch, colon) || (ch >= "0" && ch <= "9");
}

export function parseFloatToken(token: string): number | undefined {
  if (FLOAT.test(token)) return Number(token);
  const lower = token.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  return undefined;
}

class LineScanner {
  readonly text: string;
  readonly lineNo: number;
  pos = 0;

  constructor(text: string, lineNo: number) {
    this.text = text;
    this.lineNo = lineNo;
  }

  fail(message: string): never {
    throw new ExpositionSyntaxError(this.lineNo, message);
  }

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  skipBlanks(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  name(colon: boolean, what: string): string {
    const start = this.pos;
    if (!isNameStart(this.peek(), colon)) this.fail(`invalid ${what} at column ${start + 1}`);
    this.pos++;
    while (isNameChar(this.peek(), colon)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A token up to the next blank (or the end of line). */
  token(): string {
    const start = this.pos;
    while (!this.done && this.peek() !== " " && this.peek() !== "\t") this.pos++;
    return this.text.slice(start, this.pos);
  }

  quoted(): string {
    if (this.peek() !== '"') this.fail(`expected '"' at column ${this.pos + 1}`);
    this.pos++;
    let out = "";
    for (;;) {
      if (this.done) this.fail("unterminated label value");
      const ch = this.peek();
      this.pos++;
      if (ch === '"') return out;
      if (ch === "\\") {
        const escaped = this.peek();
        this.pos++;
        if (escaped === "\\") out += "\\";
        else if (escaped === '"') out += '"';
        else if (escaped === "n") out += "\n";
        else this.fail(`invalid escape sequence '\\${escaped}' in label value`);
        continue;
      }
      out += ch;
    }
  }
}

function unescapeHelp(scanner: LineScanner, text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    i++;
    if (next === "\\") out += "\\";
    else if (next === "n") out += "\n";
    else scanner.fail(`invalid escape sequence '\\${next ?? ""}' in HELP`);
  }
  return out;
}

/** The family a sample name belongs to, given the TYPE lines seen so far. */
function familyNameOf(sample: string, types: ReadonlyMap<string, ExpositionType>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === "histogram" || (type === "summary" && suffix !== "_bucket")) return base;
  }
  return sample;
}

function seriesKey(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return `${name}\u0000${keys.map((k) => `${k}\u0001${labels[k] ?? ""}`).join("\u0000")}`;
}

function checkHistogram(family: MutableFamily): string | undefined {
  const groups = new Map<
    string,
    { buckets: { le: number; value: number }[]; count: number | undefined; sum: boolean }
  >();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = seriesKey("", rest);
    let group = groups.get(key);
    if (group === undefined) {
      group = { buckets: [], count: undefined, sum: false };
      groups.set(key, group);
    }
    if (sample.name === `${family.name}_bucket`) {
      if (le === undefined) return `histogram ${family.name}: a _bucket sample has no 'le' label`;
      const bound = parseFloatToken(le);
      if (bound === undefined || Number.isNaN(bound)) return `histogram ${family.name}: invalid le="${le}"`;
      group.buckets.push({ le: bound, value: sample.value });
    } else if (sample.name === `${family.name}_count`) {
      group.count = sample.value;
    } else if (sample.name === `${family.name}_sum`) {
      group.sum = true;
    } else {
      return `histogram ${family.name}: unexpected sample ${sample.name}`;
    }
  }
  for (const group of groups.values()) {
    const buckets = [...group.buckets].sort((a, b) => a.le - b.le);
    for (let i = 1; i < buckets.length; i++) {
      if ((buckets[i]?.value ?? 0) < (buckets[i - 1]?.value ?? 0)) {
        return `histogram ${family.name}: bucket counts are not cumulative`;
      }
    }
    const inf = buckets[buckets.length - 1];
    if (inf === undefined || inf.le !== Number.POSITIVE_INFINITY)
      return `histogram ${family.name}: no +Inf bucket`;
    if (group.count !== undefined && group.count !== inf.value) {
      return `histogram ${family.name}: +Inf bucket ${inf.value} differs from _count ${group.count}`;
    }
  }
  return undefined;
}

/** Parses exposition text; throws {@link ExpositionSyntaxError} naming the line and the rule broken. */
export function parseExposition(text: string): ExpositionFamily[] {
  const families = new Map<string, MutableFamily>();
  const types = new Map<string, ExpositionType>();
  const finished = new Set<string>();
  let current: MutableFamily | undefined;

  const enter = (name: string, lineNo: number): MutableFamily => {
    if (current?.name === name) return current;
    if (finished.has(name))
      throw new ExpositionSyntaxError(lineNo, `metric family ${name} appears in two groups`);
    if (current !== undefined) finished.add(current.name);
    let family = families.get(name);
    if (family === undefined) {
      family = { name, type: undefined, help: undefined, samples: [], series: new Set() };
      families.set(name, family);
    }
    current = family;
    return family;
  };

  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const scanner: LineScanner = new LineScanner(raw, lineNo);
    scanner.skipBlanks();
    if (scanner.done) return;
    if (scanner.peek() === "#") {
      scanner.pos++;
      scanner.skipBlanks();
      const keyword = scanner.token();
      if (keyword !== "HELP" && keyword !== "TYPE") return;
      scanner.skipBlanks();
      const name = scanner.name(true, "metric name");
      const family = enter(name, lineNo);
      if (keyword === "HELP") {
        if (family.help !== undefined) scanner.fail(`second HELP line for metric ${name}`);
        if (!scanner.done && scanner.peek() !== " " && scanner.peek() !== "\t") {
          scanner.fail(`invalid metric name in HELP line`);
        }
        if (!scanner.done) scanner.pos++;
        family.help = unescapeHelp(scanner, scanner.text.slice(scanner.pos));
        return;
      }
      if (family.type !== undefined) scanner.fail(`second TYPE line for metric ${name}`);
      if (family.samples.length > 0) scanner.fail(`TYPE line for ${name} after its first sample`);
      scanner.skipBlanks();
      const type = scanner.token();
      scanner.skipBlanks();
      if (!TYPES.has(type) || !scanner.done) scanner.fail(`invalid TYPE '${type}' for metric ${name}`);
      family.type = type as ExpositionType;
      types.set(name, family.type);
      return;
    }
    const sampleName = scanner.name(true, "metric name");
    const labels: Record<string, string> = {};
    if (scanner.peek() === "{") {
      scanner.pos++;
      scanner.skipBlanks();
      while (scanner.peek() !== "}") {
        const labelName = scanner.name(false, "label name");
        if (Object.hasOwn(labels, labelName)) scanner.fail(`label ${labelName} appears twice`);
        scanner.skipBlanks();
        if (scanner.peek() !== "=") scanner.fail(`expected '=' after label name ${labelName}`);
        scanner.pos++;
        scanner.skipBlanks();
        labels[labelName] = scanner.quoted();
        scanner.skipBlanks();
        if (scanner.peek() === ",") {
          scanner.pos++;
          scanner.skipBlanks();
        } else if (scanner.peek() !== "}") {
          scanner.fail(`expected ',' or '}' at column ${scanner.pos + 1}`);
        }
      }
      scanner.pos++;
    }
    if (scanner.peek() !== " " && scanner.peek() !== "\t")
      scanner.fail("expected a blank before the sample value");
    scanner.skipBlanks();
    const valueToken = scanner.token();
    const value = parseFloatToken(valueToken);
    if (value === undefined) scanner.fail(`invalid sample value '${valueToken}'`);
    scanner.skipBlanks();
    let timestampMs: number | undefined;
    if (!scanner.done) {
      const ts = scanner.token();
      if (!INT.test(ts)) scanner.fail(`invalid timestamp '${ts}'`);
      timestampMs = Number(ts);
      scanner.skipBlanks();
      if (!scanner.done) scanner.fail("unexpected text after the timestamp");
    }
    const family = enter(familyNameOf(sampleName, types), lineNo);
    const type = family.type ?? "untyped";
    if (type === "counter" && value < 0) scanner.fail(`counter ${sampleName} is negative`);
    if (type === "histogram" && sampleName === family.name) {
      scanner.fail(`histogram ${family.name} has a sample without _bucket/_sum/_count suffix`);
    }
    const key = seriesKey(sampleName, labels);
    if (family.series.has(key)) scanner.fail(`duplicate series ${sampleName}${JSON.stringify(labels)}`);
    family.series.add(key);
    family.samples.push(
      timestampMs === undefined
        ? { name: sampleName, labels, value }
        : { name: sampleName, labels, value, timestampMs },
    );
  });

  const out: ExpositionFamily[] = [];
  for (const family of families.values()) {
    if (family.type === "histogram") {
      const problem = checkHistogram(family);
      if (problem !== undefined) throw new ExpositionSyntaxError(0, problem);
    }
    out.push({
      name: family.name,
      type: family.type ?? "untyped",
      help: family.help,
      samples: family.samples,
    });
  }
  return out;
}
