import type { Node } from "./ast.js";
import { ExpressionError, type Token, tokenize } from "./lexer.js";

const BINARY: Record<string, number> = {
  "||": 1,
  or: 1,
  "&&": 2,
  and: 2,
  "==": 3,
  "!=": 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  in: 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
  "%": 6,
};
const CANONICAL: Record<string, string> = { or: "||", and: "&&" };

/** Parses the expression subset into a tree; a syntax error names the position. */
export function parseExpression(source: string): Node {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token => tokens[i] as Token;
  const take = (): Token => tokens[i++] as Token;
  const isOp = (t: Token, v: string): boolean => t.kind === "op" && t.value === v;
  const expect = (v: string): void => {
    const t = take();
    if (!isOp(t, v)) throw new ExpressionError(`expected "${v}" at ${t.pos}`);
  };

  const binaryOp = (t: Token): string | undefined => {
    if ((t.kind === "op" || t.kind === "ident") && BINARY[t.value] !== undefined) return t.value;
    return undefined;
  };

  function expression(): Node {
    const test = binary(0);
    if (isOp(peek(), "?")) {
      take();
      const then = expression();
      expect(":");
      return { type: "conditional", test, then, else: expression() };
    }
    return test;
  }

  function binary(minPrec: number): Node {
    let left = unary();
    for (;;) {
      const op = binaryOp(peek());
      const prec = op === undefined ? undefined : BINARY[op];
      if (op === undefined || prec === undefined || prec <= minPrec) return left;
      take();
      const right = binary(prec);
      left = { type: "binary", op: CANONICAL[op] ?? op, left, right };
    }
  }

  function unary(): Node {
    const t = peek();
    if (isOp(t, "!") || isOp(t, "-") || (t.kind === "ident" && t.value === "not")) {
      take();
      const op = t.kind === "op" && t.value === "-" ? "-" : "!";
      return { type: "unary", op, operand: unary() };
    }
    return postfix(primary());
  }

  function postfix(start: Node): Node {
    let node = start;
    for (;;) {
      const t = peek();
      if (isOp(t, ".")) {
        take();
        const name = take();
        if (name.kind !== "ident") throw new ExpressionError(`expected a name after "." at ${name.pos}`);
        node = {
          type: "member",
          object: node,
          property: { type: "literal", value: name.value },
          optional: false,
        };
      } else if (isOp(t, "[")) {
        take();
        const property = expression();
        expect("]");
        node = { type: "member", object: node, property, optional: false };
      } else if (isOp(t, "(")) {
        take();
        const args: Node[] = [];
        if (!isOp(peek(), ")")) {
          args.push(expression());
          while (isOp(peek(), ",")) {
            take();
            args.push(expression());
          }
        }
        expect(")");
        node = { type: "call", callee: node, args };
      } else {
        return node;
      }
    }
  }

  function primary(): Node {
    const t = take();
    switch (t.kind) {
      case "number":
      case "string":
        return { type: "literal", value: t.value };
      case "ident":
        if (t.value === "true") return { type: "literal", value: true };
        if (t.value === "false") return { type: "literal", value: false };
        if (t.value === "nil" || t.value === "null") return { type: "literal", value: null };
        return { type: "ident", name: t.value };
      case "op":
        if (t.value === "(") {
          const inner = expression();
          expect(")");
          return inner;
        }
        throw new ExpressionError(`unexpected "${t.value}" at ${t.pos}`);
      default:
        throw new ExpressionError(`unexpected end of expression at ${t.pos}`);
    }
  }

  const tree = expression();
  const rest = peek();
  if (rest.kind !== "eof") throw new ExpressionError(`unexpected token at ${rest.pos}`);
  return tree;
}
