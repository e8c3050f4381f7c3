#!/bin/bash
# bvse --model=paper on three MP structures (Li2Te, Li3BS3, Li3VS4) at 0.4 A
# against an independent scipy implementation of the authors' algorithm
# (bvse_paper_oracle.py). Radii: the subset of the authors' elements.dat
# these structures need (testdata/paper_radii_subset.tsv).
set -euo pipefail
if [[ -z "${SHARED_DIR:-}" || ! -d "${SHARED_DIR}/data/mp/cif" ]]; then
  echo "FAIL: SHARED_DIR is not set to the shared data folder" >&2
  exit 1
fi
TOOLS="$TEST_SRCDIR/$TEST_WORKSPACE/tools"
HERE="$TEST_SRCDIR/$TEST_WORKSPACE/tests/bvse"
T="${TEST_TMPDIR:-$(mktemp -d)}"
CIF="$SHARED_DIR/data/mp/cif"
"$TOOLS/cif2proto" --quiet "$CIF/mp-2530.cif" "$CIF/mp-5614.cif" \
  "$CIF/mp-760375.cif" > "$T/x.crystals"
"$TOOLS/bvse" --model=paper --params_dir="$SHARED_DIR/data/bvse" \
  --paper_radii="$HERE/testdata/paper_radii_subset.tsv" --resolution=0.4 \
  --keep_grid "$T/x.crystals" --output="$T/x.bvse"
"$HERE/bvse_to_json" "$T/x.crystals" "$T/x.bvse" > "$T/x.jsonl"
/usr/bin/python3 "$HERE/bvse_paper_oracle.py" "$SHARED_DIR/data/bvse" \
  "$HERE/testdata/paper_radii_subset.tsv" 0.4 < "$T/x.jsonl"
