#!/usr/bin/env bash
# Makes sure `kubectl` is on PATH, installing Debian's package when it is missing. Idempotent and quick when present.
set -euo pipefail
if command -v kubectl >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kubectl is missing and apt-get is not available: install kubectl by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq kubernetes-client >/dev/null 2>&1 || $SUDO apt-get install -y -qq kubectl >/dev/null
command -v kubectl >/dev/null
