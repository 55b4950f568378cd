#!/usr/bin/env bash
# Runs Weft's scheduler on the embedded default from a fresh clone: bootstraps the pinned toolchain, builds
# @weft/cron (and what it depends on), starts weft-local (the embedded API server and the local kubelet, see
# weft-local.sh) in the background, then runs weft-cron in the foreground against it, with Argo's CRDs installed
# and the example CronWorkflow (apps/cron/examples/hello-cron.yaml) applied. Arguments go to weft-cron (see
# `--help`). Ctrl-C stops the scheduler, then the cluster.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tooling/scripts/bootstrap.sh
pnpm exec turbo run build --filter=@weft/cron... --output-logs=errors-only >&2
mkdir -p .weft/local
node packages/local-cluster/dist/cli.js --state-dir .weft/local >.weft/local/kubeconfig-path 2>.weft/local/weft-local.log &
local_pid=$!
trap 'kill -TERM "$local_pid" 2>/dev/null || true; wait "$local_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [[ -s .weft/local/kubeconfig-path ]] && break
  kill -0 "$local_pid" 2>/dev/null || { cat .weft/local/weft-local.log >&2; exit 1; }
  sleep 0.1
done
kubeconfig="$(head -n1 .weft/local/kubeconfig-path)"
echo "embedded cluster: KUBECONFIG=$kubeconfig (logs: .weft/local/weft-local.log)" >&2
node apps/cron/dist/bin/weft-cron.js --kubeconfig "$kubeconfig" --install-crds --no-leader-elect \
  --metrics-address 127.0.0.1:0 --apply apps/cron/examples/hello-cron.yaml "$@"
