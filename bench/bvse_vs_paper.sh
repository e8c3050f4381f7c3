#!/bin/bash
# Both bvse models (bvlain, paper) next to the paper's BVSE Ea
# (../shared/data/paper/paper_bvse_ea.tsv) on one seeded random sample of the
# MP structures that the paper scored, plus the Table 2 compounds. Not a test:
# prints a side-by-side summary table.
#
# usage: bench/bvse_vs_paper.sh [RESOLUTION=0.1] [SAMPLE=150 (0 = all)] [SEED=13] [OUTDIR]
#   --model=paper needs paper_radii.tsv: $PAPER_RADII, default
#   $SHARED/data/bvse/paper_radii.tsv (make it with bench/bvse_paper_radii.py).
set -euo pipefail
RES="${1:-0.1}"
SAMPLE="${2:-150}"
SEED="${3:-13}"
OUT="${4:-/tmp/bvse_vs_paper}"
cd "$(dirname "$0")/.."
SHARED="${SHARED_DIR:-$(realpath ../shared)}"
D="$SHARED/data"
RADII="${PAPER_RADII:-$D/bvse/paper_radii.tsv}"
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
/usr/bin/python3 -c '
import random, sys
ids = open(sys.argv[1]).read().split()
k = int(sys.argv[2])
random.seed(int(sys.argv[3]))
print("\n".join(sorted(random.sample(ids, k)) if 0 < k < len(ids) else ids))
' "$OUT/ids_all.txt" "$SAMPLE" "$SEED" > "$OUT/ids.txt"
for t in $TABLE2; do [[ -f "$D/mp/cif/$t.cif" ]] && echo "$t"; done >> "$OUT/ids.txt"
sort -u "$OUT/ids.txt" | sed "s|^|$D/mp/cif/|; s|$|.cif|" > "$OUT/files.txt"
echo "structures: $(wc -l < "$OUT/files.txt") (seed $SEED, + Table 2) of $N with a paper Ea; resolution $RES A" >&2
"$BIN/cif2proto" --quiet --keep_going --properties="$D/mp/index.tsv" \
  --files_from="$OUT/files.txt" > "$OUT/crystals" 2> "$OUT/cif2proto.log"
# Both models at once (the machine is shared; each line reports its own time).
for MODEL in bvlain paper; do
  (START=$(date +%s)
   "$BIN/bvse" --model="$MODEL" --params_dir="$D/bvse" --paper_radii="$RADII" \
     --resolution="$RES" --keep_going "$OUT/crystals" --output=/dev/null \
     --tsv="$OUT/$MODEL.tsv" 2> "$OUT/$MODEL.log" || true
   END=$(date +%s)
   echo "bvse --model=$MODEL: $(tail -n 1 "$OUT/$MODEL.log") in $((END - START)) s wall") &
done
wait
/usr/bin/python3 bench/bvse_vs_paper.py "$D/paper/paper_bvse_ea.tsv" \
  "$D/mp/index.tsv" "bvlain=$OUT/bvlain.tsv" "paper=$OUT/paper.tsv"
