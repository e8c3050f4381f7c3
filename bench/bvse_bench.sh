#!/bin/bash
# bvse throughput: structures/s for --model=bvlain at 0.2 and 0.1 A and
# --model=paper at 0.1 A on a fixed sample of the MP corpus (every k-th CIF,
# sorted), single thread, -c opt build. cpu_s is user+sys CPU time (less
# sensitive than wall time to other jobs on the machine).
# usage: bench/bvse_bench.sh [SAMPLE=40]   (paper model: $PAPER_RADII, default
#   $SHARED/data/bvse/paper_radii.tsv)
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
RADII="${PAPER_RADII:-$D/bvse/paper_radii.tsv}"
printf "model\tresolution_A\tstructures_ok\tskipped\tseconds\tcpu_s\tstructures_per_cpu_s\tmean_grid_points\n"
for RUN in bvlain:0.2 bvlain:0.1 paper:0.1; do
  MODEL="${RUN%%:*}" RES="${RUN##*:}"
  START=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$T/cpu" "$BIN/bvse" --model="$MODEL" \
    --params_dir="$D/bvse" --paper_radii="$RADII" --resolution="$RES" --keep_going \
    "$T/crystals" --output=/dev/null --tsv="$T/out.tsv" 2> "$T/log" || true
  END=$(date +%s.%N)
  CPU=$(awk '{print $1 + $2}' "$T/cpu")
  OK=$(( $(wc -l < "$T/out.tsv") - 1 ))
  SKIP=$(grep -c "^bvse: skipped" "$T/log" || true)
  awk -v s="$START" -v e="$END" -v ok="$OK" -v sk="$SKIP" -v r="$RES" -v m="$MODEL" \
    -v cpu="$CPU" -F'\t' 'NR > 1 {g += $5 * $6 * $7} END {t = e - s;
     printf "%s\t%s\t%d\t%d\t%.1f\t%.1f\t%.3f\t%.0f\n", m, r, ok, sk, t, cpu, ok / cpu, (ok ? g / ok : 0)}' \
    "$T/out.tsv"
done
