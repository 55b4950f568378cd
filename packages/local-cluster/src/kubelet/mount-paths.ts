/** One volumeMount of a container: the path the pod spec uses and the host directory that backs it. */
export interface MountMapping {
  readonly mountPath: string;
  readonly hostPath: string;
}

const PATH_CHAR = /[A-Za-z0-9._~+@%/-]/;

function normalize(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

/**
 * Rewrites, in one string from the pod spec, every absolute path under a volumeMount to the same path under the
 * volume's host directory. A mount path matches only as a whole path: it must start the string or follow a
 * character that cannot be part of a path (space, `=`, `:`, quote, `>` ...), and must end the string or be
 * followed by `/` or such a character. So with a mount at `/data`, `cat /data/in`, `--out=/data` and
 * `PATH=/bin:/data` are rewritten, while `/database`, `./data` and `x/data` are not. The longest mount path wins,
 * so nested mounts work, and text already under `protect` (the kubelet's own root) is never rewritten twice.
 */
export function rewriteMountPaths(text: string, mounts: readonly MountMapping[], protect?: string): string {
  if (mounts.length === 0) return text;
  const sorted = mounts
    .map((m) => ({ mountPath: normalize(m.mountPath), hostPath: normalize(m.hostPath) }))
    .filter((m) => m.mountPath.startsWith("/") && m.mountPath !== "/")
    .sort((a, b) => b.mountPath.length - a.mountPath.length);
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    const boundary = ch === "/" && (i === 0 || !PATH_CHAR.test(text[i - 1] ?? ""));
    if (!boundary) {
      out += ch;
      i++;
      continue;
    }
    if (protect !== undefined && protect.length > 1 && text.startsWith(protect, i)) {
      let end = i + protect.length;
      while (end < text.length && PATH_CHAR.test(text[end] ?? "")) end++;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const match = sorted.find((m) => {
      if (!text.startsWith(m.mountPath, i)) return false;
      const after = text[i + m.mountPath.length];
      return after === undefined || after === "/" || !PATH_CHAR.test(after);
    });
    if (match === undefined) {
      out += ch;
      i++;
    } else {
      out += match.hostPath;
      i += match.mountPath.length;
    }
  }
  return out;
}
