#!/bin/bash
# bvse throughput: structures/s at 0.1 and 0.2 A on a fixed sample of the MP
# corpus (every k-th CIF, sorted), single thread, -c opt build.
# usage: bench/bvse_bench.sh [SAMPLE=40]
set -euo pipefail
SAMPLE="${1:-40}"
cd "$(dirname "$0")/.."
SHARED="${SHARED_DIR:-$(realpath ../shared)}"
D="$SHARED/data"
BAZEL=(bazel ${BAZEL_OUTPUT_BASE:+--output_base=$BAZEL_OUTPUT_BASE})
"${BAZEL[@]}" build -c opt //tools:cif2proto //tools:bvse >&2
BIN="$("${BAZEL[@]}" info -c opt bazel-bin 2>/dev/null)/tools"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
ls "$D/mp/cif" | sort > "$T/all"
N=$(wc -l < "$T/all")
STEP=$(( N / SAMPLE ))
awk -v s="$STEP" -v n="$SAMPLE" 'NR % s == 1 && c < n {print; c++}' "$T/all" |
  sed "s|^|$D/mp/cif/|" > "$T/files"
"$BIN/cif2proto" --quiet --keep_going --files_from="$T/files" > "$T/crystals" 2> /dev/null
printf "resolution_A\tstructures_ok\tskipped\tseconds\tstructures_per_s\tmean_grid_points\n"
for RES in 0.2 0.1; do
  START=$(date +%s.%N)
  "$BIN/bvse" --params_dir="$D/bvse" --resolution="$RES" --keep_going \
    --input="$T/crystals" --output=/dev/null --tsv="$T/out.tsv" 2> "$T/log" || true
  END=$(date +%s.%N)
  OK=$(( $(wc -l < "$T/out.tsv") - 1 ))
  SKIP=$(grep -c "^bvse: skipped" "$T/log" || true)
  awk -v s="$START" -v e="$END" -v ok="$OK" -v sk="$SKIP" -v r="$RES" -F'\t' \
    'NR > 1 {g += $5 * $6 * $7} END {t = e - s;
     printf "%s\t%d\t%d\t%.1f\t%.3f\t%.0f\n", r, ok, sk, t, ok / t, (ok ? g / ok : 0)}' \
    "$T/out.tsv"
done
