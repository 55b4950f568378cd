/**
 * Evaluates a metric's `when` clause after substitution, with the semantics of Argo's `shouldExecute`: a govaluate
 * expression in which bare words are strings, so `Failed == Failed` and `{{status}} != Succeeded` need no quotes.
 * Supported: numbers, quoted strings ('..' or ".."), true/false, bare words (letters, digits, `_ . - / :`, starting
 * with a letter or `_`), parentheses, `! -` (unary), `* / %`, `+ -`, `== != < <= > >= =~ !~`, `&&`, `||`.
 */
export type WhenResult =
  | { readonly ok: true; readonly value: boolean }
  | { readonly ok: false; readonly error: string };

type Value = number | string | boolean;
type Token =
  | { readonly kind: "value"; readonly value: Value }
  | { readonly kind: "op"; readonly op: string }
  | { readonly kind: "paren"; readonly open: boolean };

const OPERATORS = ["&&", "||", "==", "!=", "<=", ">=", "=~", "!~", "<", ">", "!", "+", "-", "*", "/", "%"];
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_.\-/:]*/;

class WhenError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? "";
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push({ kind: "paren", open: ch === "(" });
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let text = "";
      let j = i + 1;
      for (; j < source.length && source[j] !== ch; j++) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        text += source[j];
      }
      if (j >= source.length) throw new WhenError(`unclosed string starting at position ${i}`);
      tokens.push({ kind: "value", value: text });
      i = j + 1;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number !== null) {
      tokens.push({ kind: "value", value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word !== null) {
      const text = word[0];
      tokens.push({ kind: "value", value: text === "true" ? true : text === "false" ? false : text });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (op === undefined) throw new WhenError(`unexpected character '${ch}' at position ${i}`);
    tokens.push({ kind: "op", op });
    i += op.length;
  }
  return tokens;
}

function describe(value: Value): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

class Parser {
  readonly #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): Value {
    const value = this.#or();
    if (this.#at < this.#tokens.length)
      throw new WhenError("unexpected token after the end of the expression");
    return value;
  }

  #peekOp(...ops: string[]): string | undefined {
    const token = this.#tokens[this.#at];
    return token?.kind === "op" && ops.includes(token.op) ? token.op : undefined;
  }

  #or(): Value {
    let left = this.#and();
    while (this.#peekOp("||") !== undefined) {
      this.#at++;
      const right = this.#and();
      left = this.#bool(left, "||") || this.#bool(right, "||");
    }
    return left;
  }

  #and(): Value {
    let left = this.#comparison();
    while (this.#peekOp("&&") !== undefined) {
      this.#at++;
      const right = this.#comparison();
      left = this.#bool(left, "&&") && this.#bool(right, "&&");
    }
    return left;
  }

  #comparison(): Value {
    const left = this.#additive();
    const op = this.#peekOp("==", "!=", "<", "<=", ">", ">=", "=~", "!~");
    if (op === undefined) return left;
    this.#at++;
    const right = this.#additive();
    switch (op) {
      case "==":
        return left === right;
      case "!=":
        return left !== right;
      case "=~":
      case "!~": {
        if (typeof left !== "string" || typeof right !== "string") {
          throw new WhenError(
            `${op} needs strings on both sides, got ${describe(left)} and ${describe(right)}`,
          );
        }
        let matches: boolean;
        try {
          matches = new RegExp(right).test(left);
        } catch {
          throw new WhenError(`invalid regular expression ${describe(right)}`);
        }
        return op === "=~" ? matches : !matches;
      }
      default: {
        const bothNumbers = typeof left === "number" && typeof right === "number";
        const bothStrings = typeof left === "string" && typeof right === "string";
        if (!bothNumbers && !bothStrings) {
          throw new WhenError(`cannot compare ${describe(left)} ${op} ${describe(right)}`);
        }
        if (op === "<") return left < right;
        if (op === "<=") return left <= right;
        if (op === ">") return left > right;
        return left >= right;
      }
    }
  }

  #additive(): Value {
    let left = this.#multiplicative();
    for (let op = this.#peekOp("+", "-"); op !== undefined; op = this.#peekOp("+", "-")) {
      this.#at++;
      const right = this.#multiplicative();
      if (op === "+" && typeof left === "string" && typeof right === "string") left = left + right;
      else
        left =
          op === "+"
            ? this.#num(left, op) + this.#num(right, op)
            : this.#num(left, op) - this.#num(right, op);
    }
    return left;
  }

  #multiplicative(): Value {
    let left = this.#unary();
    for (let op = this.#peekOp("*", "/", "%"); op !== undefined; op = this.#peekOp("*", "/", "%")) {
      this.#at++;
      const a = this.#num(left, op);
      const b = this.#num(this.#unary(), op);
      left = op === "*" ? a * b : op === "/" ? a / b : a % b;
    }
    return left;
  }

  #unary(): Value {
    const op = this.#peekOp("!", "-");
    if (op !== undefined) {
      this.#at++;
      const value = this.#unary();
      return op === "!" ? !this.#bool(value, "!") : -this.#num(value, "-");
    }
    return this.#primary();
  }

  #primary(): Value {
    const token = this.#tokens[this.#at];
    if (token === undefined) throw new WhenError("unexpected end of expression");
    this.#at++;
    if (token.kind === "value") return token.value;
    if (token.kind === "paren" && token.open) {
      const value = this.#or();
      const close = this.#tokens[this.#at];
      if (close?.kind !== "paren" || close.open) throw new WhenError("missing ')'");
      this.#at++;
      return value;
    }
    throw new WhenError(token.kind === "op" ? `unexpected operator '${token.op}'` : "unexpected ')'");
  }

  #bool(value: Value, op: string): boolean {
    if (typeof value !== "boolean") throw new WhenError(`${op} needs booleans, got ${describe(value)}`);
    return value;
  }

  #num(value: Value, op: string): number {
    if (typeof value !== "number") throw new WhenError(`${op} needs numbers, got ${describe(value)}`);
    return value;
  }
}

export function evaluateWhen(when: string): WhenResult {
  if (when.trim() === "") return { ok: true, value: true };
  try {
    const value = new Parser(tokenize(when)).parse();
    if (typeof value !== "boolean") {
      return { ok: false, error: `Expected boolean evaluation for '${when}'. Got ${String(value)}` };
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof WhenError) return { ok: false, error: error.message };
    throw error;
  }
}
