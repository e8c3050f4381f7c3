#!/bin/bash
# Runs cif2proto | bvse on four MP structures (Table 2 compounds of the
# paper) at 0.3 A and checks energies and percolation levels against an
# independent numpy/scipy/ASE implementation (bvse_oracle.py).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/mp/cif data/bvse
source_root bvse
"$bin/cif2proto" --quiet $(mp_cifs 2530 5614 9059 760375) > "$tmp/x.crystals"
"$bin/bvse" --params_dir="$SHARED_DIR/data/bvse" --resolution=0.3 \
  --rcut=8 --keep_grid "$tmp/x.crystals" --output="$tmp/x.bvse"
"$here/bvse_to_json" "$tmp/x.crystals" "$tmp/x.bvse" > "$tmp/x.jsonl"
/usr/bin/python3 "$here/bvse_oracle.py" "$SHARED_DIR/data/bvse" 8 < "$tmp/x.jsonl"
