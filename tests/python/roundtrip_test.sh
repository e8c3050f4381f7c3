#!/bin/bash
# cif2proto -> ionscreen.read -> to_pymatgen / to_ase against pymatgen's own
# parse of the same CIF (roundtrip_oracle.py; tolerances in
# structure_compare.py) on every OBELiX CIF (most disordered) and the fixed
# 299-file Materials Project sample (every 73rd file in name order).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/obelix/cifs data/mp/cif
python_env
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
obelix_cifs > "$tmp/obelix.txt"
mp_sample > "$tmp/mp.txt"
status=0
for set in obelix mp; do
  tools/cif2proto --oxidation=none --files_from="$tmp/$set.txt" > "$tmp/$set.crystals" 2> "$tmp/log"
  echo "== $set: $(wc -l < "$tmp/$set.txt") CIFs"
  /usr/bin/python3 tests/python/roundtrip_oracle.py "$tmp/$set.crystals" | tail -20 || status=1
done
exit $status
