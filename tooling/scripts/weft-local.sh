#!/usr/bin/env bash
# Runs weft-local from a fresh clone: bootstraps the pinned toolchain, builds @weft/local-cluster (and what it
# depends on), then starts the embedded API server and the local kubelet in the foreground. Arguments go to
# weft-local (see `bash tooling/scripts/weft-local.sh --help`). Stdout carries only the kubeconfig path; the build
# output and the logs go to stderr. Ctrl-C (SIGINT) or SIGTERM stops the pods, then the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tooling/scripts/bootstrap.sh
pnpm exec turbo run build --filter=@weft/local-cluster... --output-logs=errors-only >&2
exec node packages/local-cluster/dist/cli.js "$@"
