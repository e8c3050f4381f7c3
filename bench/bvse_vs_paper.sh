#!/bin/bash
# Our BVSE Ea next to the paper's (../shared/data/paper/paper_bvse_ea.tsv)
# for the MP structures of ../shared/data/mp/cif that the paper scored, plus
# the Table 2 compounds. Not a test: prints a summary table.
#
# usage: bench/bvse_vs_paper.sh [RESOLUTION=0.1] [SAMPLE=0 (all)] [OUTDIR]
#   SAMPLE=N takes every k-th id (sorted) so that about N structures run.
set -euo pipefail
RES="${1:-0.1}"
SAMPLE="${2:-0}"
OUT="${3:-/tmp/bvse_vs_paper}"
cd "$(dirname "$0")/.."
SHARED="${SHARED_DIR:-$(realpath ../shared)}"
D="$SHARED/data"
BAZEL=(bazel ${BAZEL_OUTPUT_BASE:+--output_base=$BAZEL_OUTPUT_BASE})
"${BAZEL[@]}" build -c opt //tools:cif2proto //tools:bvse >&2
BIN="$("${BAZEL[@]}" info -c opt bazel-bin 2>/dev/null)/tools"
mkdir -p "$OUT"
# MP ids with a paper Ea and a CIF here.
tail -n +2 "$D/paper/paper_bvse_ea.tsv" | cut -f3 | grep '^mp-' | sort -u |
  while read -r id; do [[ -f "$D/mp/cif/$id.cif" ]] && echo "$id"; done \
  > "$OUT/ids_all.txt"
TABLE2="mp-760375 mp-6711 mp-2530 mp-4586 mp-20782 mp-756490 mp-5048 mp-5614 mp-9059 mp-1177695"
N=$(wc -l < "$OUT/ids_all.txt")
if [[ "$SAMPLE" -gt 0 && "$SAMPLE" -lt "$N" ]]; then
  STEP=$(( (N + SAMPLE - 1) / SAMPLE ))
  awk -v s="$STEP" 'NR % s == 1' "$OUT/ids_all.txt" > "$OUT/ids.txt"
else
  cp "$OUT/ids_all.txt" "$OUT/ids.txt"
fi
for t in $TABLE2; do [[ -f "$D/mp/cif/$t.cif" ]] && echo "$t"; done >> "$OUT/ids.txt"
sort -u "$OUT/ids.txt" | sed "s|^|$D/mp/cif/|; s|$|.cif|" > "$OUT/files.txt"
echo "structures: $(wc -l < "$OUT/files.txt") of $N with a paper Ea; resolution $RES A" >&2
"$BIN/cif2proto" --quiet --keep_going --properties="$D/mp/index.tsv" \
  --files_from="$OUT/files.txt" > "$OUT/crystals" 2> "$OUT/cif2proto.log"
START=$(date +%s)
"$BIN/bvse" --params_dir="$D/bvse" --resolution="$RES" --keep_going \
  --input="$OUT/crystals" --output=/dev/null --tsv="$OUT/bvse.tsv" \
  2> "$OUT/bvse.log" || true
END=$(date +%s)
echo "bvse: $(tail -n 1 "$OUT/bvse.log") in $((END - START)) s" 
grep -o 'no softBV parameters for the pair [^ ]*\|no [A-Z][a-z]* (the mobile ion)\|has no oxidation state\|exceeds max_grid_points' \
  "$OUT/bvse.log" | sort | uniq -c | sort -rn | head -8 || true
/usr/bin/python3 bench/bvse_vs_paper.py "$OUT/bvse.tsv" \
  "$D/paper/paper_bvse_ea.tsv" "$D/mp/index.tsv"
