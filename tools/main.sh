#!/bin/bash
# The main job: installs what is missing, builds the tools, and runs the
# Snakemake workflow on the default data set (../shared/data, the paper's
# scale), writing figures, tables and results/report.md.
# Usage (as root): bash tools/main.sh [extra snakemake arguments]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash tools/setup.sh
bazel build -c opt //tools:all
# bazel-bin points at the -c opt outputs after this build.
cores="$(nproc)"
# The full default run writes ~19 GB under results/ (session 5's run); a full
# disk fails jobs with "No space left on device" after an hour of work.
free_gb=$(( $(df -Pk . | awk 'NR == 2 { print $4 }') / 1048576 ))
if [ "$free_gb" -lt 25 ]; then
  echo "main: warning: $free_gb GB free here; the full default run writes ~19 GB to results/" >&2
fi
bin="$(bazel info -c opt bazel-bin)/tools"
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
run() {
  snakemake -s workflow/Snakefile --cores "$cores" --rerun-incomplete \
    --config bin="$bin" "$@" 2> >(tee "$log" >&2)
}
# Snakemake 7.21 can stop before the jobs behind a checkpoint with "BUG: Out
# of jobs ready to be started" (snakemake issue 823; seen at the end of the
# full run): a second call schedules them and redoes nothing else.
if ! run "$@"; then
  sleep 1  # let tee finish writing the log
  grep -q "Out of jobs ready to be started" "$log" || exit 1
  echo "main: Snakemake checkpoint scheduling bug (issue 823); running it again" >&2
  run "$@"
fi
echo "main: outputs in results/ (figures/, tables/, report.md)" >&2
