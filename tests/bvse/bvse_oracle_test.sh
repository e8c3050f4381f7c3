#!/bin/bash
# Runs cif2proto | bvse on four MP structures (Table 2 compounds of the
# paper) at 0.3 A and checks energies and percolation levels against an
# independent numpy/scipy/ASE implementation (bvse_oracle.py).
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
  "$CIF/mp-9059.cif" "$CIF/mp-760375.cif" > "$T/x.crystals"
"$TOOLS/bvse" --params_dir="$SHARED_DIR/data/bvse" --resolution=0.3 \
  --rcut=8 --keep_grid "$T/x.crystals" --output="$T/x.bvse"
"$HERE/bvse_to_json" "$T/x.crystals" "$T/x.bvse" > "$T/x.jsonl"
/usr/bin/python3 "$HERE/bvse_oracle.py" "$SHARED_DIR/data/bvse" 8 < "$T/x.jsonl"
