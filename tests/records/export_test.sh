#!/bin/bash
# records --format=cif / --format=extxyz read back by pymatgen and ASE
# (export_oracle.py) on every OBELiX CIF (most disordered) and a 299-file
# Materials Project sample (every 73rd file in name order), with oxidation
# states (cif2proto's default). gemmi reads the CIF form in
# //lib/records:structure_export_test.
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/obelix/cifs data/mp/cif
python_env
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
{ obelix_cifs; mp_sample; } > "$tmp/files.txt"
tools/cif2proto --files_from="$tmp/files.txt" > "$tmp/x.crystals" 2> "$tmp/log"
tail -1 "$tmp/log"
tools/records --format=cif "$tmp/x.crystals" > "$tmp/x.cif"
tools/records --format=extxyz "$tmp/x.crystals" > "$tmp/x.xyz"
/usr/bin/python3 tests/records/export_oracle.py "$tmp/x.crystals" "$tmp/x.cif" "$tmp/x.xyz" | tail -20

# A stream of another record type is refused with a clear message.
/usr/bin/python3 -c 'import sys, ionscreen; ionscreen.write(sys.argv[1], [ionscreen.score_pb2.Score(label="sigma")])' "$tmp/score.pb"
if tools/records --format=cif "$tmp/score.pb" > /dev/null 2> "$tmp/err"; then
  echo "FAIL: --format=cif accepted a Score stream" >&2; exit 1
fi
grep -q "needs a Crystal stream" "$tmp/err" || { cat "$tmp/err"; exit 1; }
echo "--format=cif on a Score stream: $(cat "$tmp/err")"
