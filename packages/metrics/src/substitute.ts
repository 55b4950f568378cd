export type Substituted =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: string };

const TAG = /\{\{(.*?)\}\}/g;

/**
 * Replaces every `{{name}}` in `text` (spaces around the name are ignored) from `scope`, like Argo's
 * `template.Replace(s, scope, allowUnresolved=false)`. An unknown name is an error (`failed to resolve {{name}}`);
 * expression tags (`{{=...}}`) are not supported in metrics and are reported as such.
 */
export function substitute(text: string, scope: Readonly<Record<string, string>>): Substituted {
  if (!text.includes("{{")) return { ok: true, text };
  let error: string | undefined;
  const out = text.replace(TAG, (whole, inner: string) => {
    const name = inner.trim();
    if (error !== undefined) return whole;
    if (name.startsWith("=")) {
      error = `expression templates are not supported in metrics: ${whole}`;
      return whole;
    }
    const value = Object.hasOwn(scope, name) ? scope[name] : undefined;
    if (value === undefined) {
      error = `failed to resolve {{${name}}}`;
      return whole;
    }
    return value;
  });
  return error === undefined ? { ok: true, text: out } : { ok: false, error };
}
