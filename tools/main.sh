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
snakemake -s workflow/Snakefile --cores "$cores" --rerun-incomplete \
  --config bin="$(bazel info -c opt bazel-bin)/tools" "$@"
echo "main: outputs in results/ (figures/, tables/, report.md)" >&2
