#!/bin/bash
# Runs every test: installs what is missing, then `bazel test //...` (unit,
# golden and oracle tests, and the workflow's test configuration).
# Usage (as root): bash tools/test.sh
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash tools/setup.sh || exit 1
log="$(mktemp)"
bazel test //... 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -cE '^//.* PASSED' "$log" || true)
failed=$(grep -cE '^//.* (FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD)' "$log" || true)
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
rm -f "$log"
exit "$rc"
