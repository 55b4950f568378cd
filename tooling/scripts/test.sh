#!/usr/bin/env bash
# Runs every check of the workspace from a fresh clone: bootstrap, build, typecheck, lint, all tests.
# Ends with one line `N passed, N failed[, N skipped]` summed over every package; exits non-zero if
# anything failed or no test ran.
set -euo pipefail
exec </dev/null
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CI="${CI:-true}" FORCE_COLOR=0 NO_COLOR=1

source tooling/scripts/bootstrap.sh
bash tooling/scripts/services.sh

rm -rf packages/*/.vitest apps/*/.vitest tooling/*/.vitest
status=0
pnpm exec turbo run build typecheck lint test --continue=dependencies-successful --output-logs=new-only \
  "$@" || status=$?
node tooling/scripts/test-summary.mjs || { [[ $status -ne 0 ]] || status=1; }
exit "$status"
