#!/bin/bash
# bvse --model=paper on three MP structures (Li2Te, Li3BS3, Li3VS4) at 0.4 A
# against an independent scipy implementation of the authors' algorithm
# (bvse_paper_oracle.py). Radii: the subset of the authors' elements.dat
# these structures need (testdata/paper_radii_subset.tsv).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/mp/cif data/bvse
source_root bvse
radii="$here/testdata/paper_radii_subset.tsv"
"$bin/cif2proto" --quiet $(mp_cifs 2530 5614 760375) > "$tmp/x.crystals"
"$bin/bvse" --model=paper --params_dir="$SHARED_DIR/data/bvse" \
  --paper_radii="$radii" --resolution=0.4 \
  --keep_grid "$tmp/x.crystals" --output="$tmp/x.bvse"
"$here/bvse_to_json" "$tmp/x.crystals" "$tmp/x.bvse" > "$tmp/x.jsonl"
/usr/bin/python3 "$here/bvse_paper_oracle.py" "$SHARED_DIR/data/bvse" \
  "$radii" 0.4 < "$tmp/x.jsonl"
