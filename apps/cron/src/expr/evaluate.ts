import type { Node } from "./ast.js";
import { ExpressionError } from "./lexer.js";
import { parseExpression } from "./parser.js";
import { DurationValue, TimeValue, type Value } from "./values.js";

export interface EvalContext {
  /** Variables; nested objects are reached with `.` or `[...]`. */
  readonly env: { readonly [key: string]: Value };
  /** The time `now()` returns (epoch ms). */
  readonly nowMs: number;
}

const DURATION_UNITS: Record<string, number> = {
  Hours: 3_600_000,
  Minutes: 60_000,
  Seconds: 1000,
  Milliseconds: 1,
};

function typeName(v: Value): string {
  if (v === null) return "nil";
  if (v instanceof TimeValue) return "time.Time";
  if (v instanceof DurationValue) return "time.Duration";
  if (Array.isArray(v)) return "array";
  return typeof v === "object"
    ? "map"
    : typeof v === "number"
      ? "float64"
      : typeof v === "boolean"
        ? "bool"
        : typeof v;
}

function equal(a: Value, b: Value): boolean {
  if (
    (a instanceof TimeValue && b instanceof TimeValue) ||
    (a instanceof DurationValue && b instanceof DurationValue)
  ) {
    return a.ms === b.ms;
  }
  return a === b;
}

function comparable(a: Value, b: Value): [number | string, number | string] {
  if (typeof a === "number" && typeof b === "number") return [a, b];
  if (typeof a === "string" && typeof b === "string") return [a, b];
  if (a instanceof TimeValue && b instanceof TimeValue) return [a.ms, b.ms];
  if (a instanceof DurationValue && b instanceof DurationValue) return [a.ms, b.ms];
  throw new ExpressionError(`invalid operation: cannot compare ${typeName(a)} and ${typeName(b)}`);
}

function truthy(v: Value, op: string): boolean {
  if (typeof v !== "boolean")
    throw new ExpressionError(`invalid operation: ${op} on ${typeName(v)} (want bool)`);
  return v;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "+":
        return a + b;
      case "-":
        return a - b;
      case "*":
        return a * b;
      case "/":
        if (b === 0) throw new ExpressionError("integer divide by zero");
        return a / b;
      default:
        return a % b;
    }
  }
  if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
  if (a instanceof TimeValue && b instanceof TimeValue && op === "-") return new DurationValue(a.ms - b.ms);
  if (a instanceof TimeValue && b instanceof DurationValue && (op === "+" || op === "-")) {
    return new TimeValue(op === "+" ? a.ms + b.ms : a.ms - b.ms);
  }
  if (a instanceof DurationValue && b instanceof DurationValue && (op === "+" || op === "-")) {
    return new DurationValue(op === "+" ? a.ms + b.ms : a.ms - b.ms);
  }
  throw new ExpressionError(`invalid operation: ${typeName(a)} ${op} ${typeName(b)}`);
}

function member(object: Value, key: Value): Value {
  if (object === null) throw new ExpressionError(`cannot fetch ${String(key)} from nil`);
  if (Array.isArray(object)) {
    if (typeof key !== "number")
      throw new ExpressionError(`array index must be a number, got ${typeName(key)}`);
    return object[key < 0 ? object.length + key : key] ?? null;
  }
  if (typeof object === "object" && !(object instanceof TimeValue) && !(object instanceof DurationValue)) {
    const record = object as { readonly [key: string]: Value };
    return Object.hasOwn(record, String(key)) ? (record[String(key)] ?? null) : null;
  }
  throw new ExpressionError(`cannot fetch ${String(key)} from ${typeName(object)}`);
}

function callMethod(target: Value, name: string, args: Value[]): Value {
  if (target instanceof DurationValue) {
    const unit = DURATION_UNITS[name];
    if (unit !== undefined && args.length === 0) return target.ms / unit;
  }
  if (target instanceof TimeValue) {
    if (name === "Unix" && args.length === 0) return Math.floor(target.ms / 1000);
    if (name === "Sub" && args[0] instanceof TimeValue) return new DurationValue(target.ms - args[0].ms);
    if (name === "Before" && args[0] instanceof TimeValue) return target.ms < args[0].ms;
    if (name === "After" && args[0] instanceof TimeValue) return target.ms > args[0].ms;
  }
  throw new ExpressionError(`unknown method ${name} on ${typeName(target)}`);
}

function callFunction(name: string, args: Value[], ctx: EvalContext): Value {
  switch (name) {
    case "now":
      return new TimeValue(ctx.nowMs);
    case "len": {
      const [v] = args;
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (v !== null && typeof v === "object") return Object.keys(v).length;
      throw new ExpressionError(`invalid argument for len (type ${typeName(v ?? null)})`);
    }
    case "duration": {
      const [v] = args;
      const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(v) : null;
      if (m === null) throw new ExpressionError(`invalid duration ${String(v)}`);
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
      return new DurationValue(Number(m[1]) * unit);
    }
    default:
      throw new ExpressionError(`unknown function ${name}`);
  }
}

function evaluateNode(node: Node, ctx: EvalContext): Value {
  switch (node.type) {
    case "literal":
      return node.value as Value;
    case "ident":
      if (!Object.hasOwn(ctx.env, node.name)) throw new ExpressionError(`unknown name ${node.name}`);
      return ctx.env[node.name] ?? null;
    case "member":
      return member(evaluateNode(node.object, ctx), evaluateNode(node.property, ctx));
    case "call": {
      const args = node.args.map((a) => evaluateNode(a, ctx));
      if (node.callee.type === "ident") return callFunction(node.callee.name, args, ctx);
      if (node.callee.type === "member" && node.callee.property.type === "literal") {
        return callMethod(evaluateNode(node.callee.object, ctx), String(node.callee.property.value), args);
      }
      throw new ExpressionError("expression is not callable");
    }
    case "unary": {
      const v = evaluateNode(node.operand, ctx);
      if (node.op === "!") return !truthy(v, "!");
      if (typeof v === "number") return -v;
      if (v instanceof DurationValue) return new DurationValue(-v.ms);
      throw new ExpressionError(`invalid operation: -${typeName(v)}`);
    }
    case "conditional":
      return truthy(evaluateNode(node.test, ctx), "?:")
        ? evaluateNode(node.then, ctx)
        : evaluateNode(node.else, ctx);
    case "binary": {
      if (node.op === "||")
        return truthy(evaluateNode(node.left, ctx), "||") || truthy(evaluateNode(node.right, ctx), "||");
      if (node.op === "&&")
        return truthy(evaluateNode(node.left, ctx), "&&") && truthy(evaluateNode(node.right, ctx), "&&");
      const a = evaluateNode(node.left, ctx);
      const b = evaluateNode(node.right, ctx);
      switch (node.op) {
        case "==":
          return equal(a, b);
        case "!=":
          return !equal(a, b);
        case "<":
        case "<=":
        case ">":
        case ">=": {
          const [x, y] = comparable(a, b);
          return node.op === "<" ? x < y : node.op === "<=" ? x <= y : node.op === ">" ? x > y : x >= y;
        }
        case "in":
          if (Array.isArray(b)) return b.some((item) => equal(item, a));
          if (
            b !== null &&
            typeof b === "object" &&
            !(b instanceof TimeValue) &&
            !(b instanceof DurationValue)
          ) {
            return Object.hasOwn(b, String(a));
          }
          throw new ExpressionError(`invalid operation: in on ${typeName(b)}`);
        default:
          return arithmetic(node.op, a, b);
      }
    }
  }
}

/** Parses and evaluates `source`; every failure is an {@link ExpressionError} with a readable message. */
export function evaluate(source: string, ctx: EvalContext): Value {
  return evaluateNode(parseExpression(source), ctx);
}
