import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, stringify } from "yaml";
import { formatIssue, type PathSegment, type ValidationIssue } from "./validate/issues.js";
import {
  type AnyResource,
  type ValidateOptions,
  type ValidationResult,
  validateManifest,
} from "./validate/resource.js";

/**
 * Loading manifests from YAML or JSON text (JSON is read by the same YAML 1.2 parser, so both get line numbers).
 * A text may hold several `---`-separated documents; empty documents are skipped.
 */

/** Where an issue is in the source text. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based; undefined when the path has no node in the source (e.g. a missing field). */
  readonly line: number | undefined;
  readonly column: number | undefined;
}

export type LocatedIssue = ValidationIssue & SourceLocation & { readonly document: number };

export interface LoadedDocument {
  readonly file: string;
  /** 0-based index among the non-empty documents of the text. */
  readonly document: number;
  /** Line where the document starts. */
  readonly line: number;
  readonly value: unknown;
  /** The source line of a JSON path inside this document (the closest ancestor that exists). */
  locate(path: readonly PathSegment[]): { line: number | undefined; column: number | undefined };
}

export interface LoadResult {
  readonly documents: readonly LoadedDocument[];
  /** Syntax errors (rule `yaml-syntax`); a document with a syntax error is not returned. */
  readonly issues: readonly LocatedIssue[];
}

/** `file:line:column: path: message`. */
export function formatLocatedIssue(issue: LocatedIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}: ${formatIssue(issue)}`;
}

function childOf(node: unknown, segment: PathSegment): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
    return pair?.value ?? (pair === undefined ? undefined : pair.key);
  }
  if (isSeq(node) && typeof segment === "number") return node.items[segment];
  return undefined;
}

/** Parses every document of `text`. Never throws. */
export function loadManifests(text: string, file = "<input>"): LoadResult {
  const lineCounter = new LineCounter();
  const issues: LocatedIssue[] = [];
  const documents: LoadedDocument[] = [];
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    issues.push({
      file,
      line: undefined,
      column: undefined,
      document: 0,
      path: "",
      rule: "yaml-syntax",
      message: error instanceof Error ? error.message : String(error),
      severity: "error",
    });
    return { documents, issues };
  }
  const docs = Array.isArray(parsed) ? parsed : [];
  let index = 0;
  for (const doc of docs) {
    const contents = doc.contents;
    const empty =
      contents === null ||
      (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1]);
    if (empty && doc.errors.length === 0) continue;
    const start = lineCounter.linePos(contents?.range?.[0] ?? doc.range?.[0] ?? 0);
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = lineCounter.linePos(err.pos[0]);
        issues.push({
          file,
          line: pos.line,
          column: pos.col,
          document: index,
          path: "",
          rule: "yaml-syntax",
          message: err.message.split("\n")[0] ?? err.message,
          severity: "error",
        });
      }
      index++;
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      issues.push({
        file,
        line: start.line,
        column: start.col,
        document: index,
        path: "",
        rule: "yaml-syntax",
        message: error instanceof Error ? error.message : String(error),
        severity: "error",
      });
      index++;
      continue;
    }
    const root = doc.contents;
    documents.push({
      file,
      document: index,
      line: start.line,
      value,
      locate(path) {
        let node: unknown = root;
        let found: Node | undefined = root ?? undefined;
        for (const segment of path) {
          node = childOf(node, segment);
          if (node === undefined || node === null) break;
          found = node as Node;
        }
        const offset = found?.range?.[0];
        if (offset === undefined) return { line: undefined, column: undefined };
        const pos = lineCounter.linePos(offset);
        return { line: pos.line, column: pos.col };
      },
    });
    index++;
  }
  return { documents, issues };
}

/** Splits `a.b[0]["c/d"]` back into segments. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

export interface ValidatedDocument {
  readonly document: LoadedDocument;
  readonly result: ValidationResult<AnyResource>;
  readonly issues: readonly LocatedIssue[];
}

export interface ValidateTextResult {
  /** True when no document has an error (warnings allowed). */
  readonly ok: boolean;
  readonly documents: readonly ValidatedDocument[];
  /** Syntax issues and every document's issues, located. */
  readonly issues: readonly LocatedIssue[];
}

/** Loads and validates every manifest in `text`; each issue carries the file, line and JSON path. */
export function validateManifestText(
  text: string,
  file = "<input>",
  options: ValidateOptions = {},
): ValidateTextResult {
  const loaded = loadManifests(text, file);
  const all: LocatedIssue[] = [...loaded.issues];
  const documents = loaded.documents.map((document) => {
    const result = validateManifest(document.value, options);
    const issues = result.issues.map((issue) => ({
      ...issue,
      file,
      document: document.document,
      ...document.locate(parsePath(issue.path)),
    }));
    all.push(...issues);
    return { document, result, issues };
  });
  return { ok: !all.some((i) => i.severity === "error"), documents, issues: all };
}

/** Writes a manifest back as YAML (block style, keys in their current order) or JSON. */
export function dumpManifest(value: unknown, format: "yaml" | "json" = "yaml"): string {
  return format === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value, { lineWidth: 0 });
}

export interface ValidateFileOptions extends ValidateOptions {
  /** Reads a file as UTF-8 text; defaults to `fs.promises.readFile`. */
  readonly readFile?: ((path: string) => Promise<string>) | undefined;
}

/** Reads and validates a manifest file; a file that cannot be read gives one `read` issue. Never rejects. */
export async function validateManifestFile(
  path: string,
  options: ValidateFileOptions = {},
): Promise<ValidateTextResult> {
  const read = options.readFile ?? ((p: string) => readFile(p, "utf8"));
  let text: string;
  try {
    text = await read(path);
  } catch (error) {
    const issue: LocatedIssue = {
      file: path,
      line: undefined,
      column: undefined,
      document: 0,
      path: "",
      rule: "read",
      message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
      severity: "error",
    };
    return { ok: false, documents: [], issues: [issue] };
  }
  return validateManifestText(text, path, options);
}
