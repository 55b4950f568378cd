/** Tokens of the expression subset (see README "Expressions"). */
export type Token =
  | { kind: "number"; value: number; pos: number }
  | { kind: "string"; value: string; pos: number }
  | { kind: "ident"; value: string; pos: number }
  | { kind: "op"; value: string; pos: number }
  | { kind: "eof"; pos: number };

const OPERATORS = [
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "!",
  "(",
  ")",
  "[",
  "]",
  ".",
  ",",
  "?",
  ":",
];

export class ExpressionError extends Error {
  override readonly name = "ExpressionError";
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^(?:\d+\.\d+|\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: "number", value: Number(text), pos: i });
      i += text.length;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      let value = "";
      while (j < source.length && source[j] !== ch) {
        if (source[j] === "\\" && ch !== "`" && j + 1 < source.length) {
          const next = source[j + 1] as string;
          value += next === "n" ? "\n" : next === "t" ? "\t" : next;
          j += 2;
        } else {
          value += source[j];
          j++;
        }
      }
      if (j >= source.length) throw new ExpressionError(`unterminated string at ${i}`);
      tokens.push({ kind: "string", value, pos: i });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(i));
      const text = m?.[0] ?? ch;
      tokens.push({ kind: "ident", value: text, pos: i });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new ExpressionError(`unexpected character ${JSON.stringify(ch)} at ${i}`);
    tokens.push({ kind: "op", value: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: "eof", pos: source.length });
  return tokens;
}
