export type Node =
  | { type: "literal"; value: unknown }
  | { type: "ident"; name: string }
  | { type: "member"; object: Node; property: Node; optional: boolean }
  | { type: "call"; callee: Node; args: Node[] }
  | { type: "unary"; op: string; operand: Node }
  | { type: "binary"; op: string; left: Node; right: Node }
  | { type: "conditional"; test: Node; then: Node; else: Node };
