#!/bin/bash
# Oracle: oxidation states of all OBELiX CIFs (../shared/data/obelix/cifs)
# against Debian's pymatgen at test time (see oxidation_oracle.py for the
# checks and tolerances). Prints per-tier counts and agreement rates.
set -euo pipefail
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/data/obelix/cifs" ]; then
  echo "FAIL: SHARED_DIR must point at ../shared (with data/obelix/cifs);" \
       "run tools/setup.sh or pass --test_env=SHARED_DIR=/abs/path/shared" >&2
  exit 1
fi
here="$(dirname "$0")"
driver="$here/oracle_driver"
[ -x "$driver" ] || driver="lib/oxidation/oracle_driver"
script="$here/oxidation_oracle.py"
[ -f "$script" ] || script="lib/oxidation/oxidation_oracle.py"
report="${TEST_TMPDIR:-/tmp}/oxidation_report.tsv"
"$driver" "$SHARED_DIR"/data/obelix/cifs/*.cif > "$report"
n_files=$(ls "$SHARED_DIR"/data/obelix/cifs/*.cif | wc -l)
n_rows=$(wc -l < "$report")
if [ "$n_files" != "$n_rows" ]; then
  echo "FAIL: $n_files CIFs but $n_rows report lines" >&2
  exit 1
fi
/usr/bin/python3 "$script" "$report"
