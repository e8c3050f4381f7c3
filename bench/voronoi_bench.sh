#!/bin/bash
# Benchmark (not a test): per-structure time of the Voronoi and bonding
# descriptors (lib/voronoi, lib/descriptors/{max_packing_efficiency,...})
# against their pymatgen-based equivalents on a sample of MP CIFs, printed
# as a Markdown table.
# Usage: bash bench/voronoi_bench.sh [N_STRUCTURES]   (default 20)
# Env: SHARED_DIR (default ../shared), BAZEL_OUTPUT_BASE (optional).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
export SHARED_DIR="${SHARED_DIR:-$repo/../shared}"
[ -d "$SHARED_DIR/data/mp/cif" ] || { echo "needs the shared data set ($SHARED_DIR); set SHARED_DIR" >&2; exit 1; }
bazel_cmd=(bazel)
[ -n "${BAZEL_OUTPUT_BASE:-}" ] && bazel_cmd=(bazel "--output_base=$BAZEL_OUTPUT_BASE")
"${bazel_cmd[@]}" build -c opt //lib/voronoi:descriptor_probe >/dev/null 2>&1
bin="$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)"
exec /usr/bin/python3 "$repo/bench/voronoi_bench.py" "$bin/lib/voronoi/descriptor_probe" "${1:-20}"
