#!/bin/bash
# cif2proto vs pymatgen (oracle at test time) on every OBELiX CIF and a fixed
# sample of 1,000 Materials Project CIFs (every 21st file in name order):
# reduced formula, occupancy-weighted site count, volume (1e-6 rel.),
# density (1e-4 rel.). The benchmark covers all 21,796 (bench/cif2proto_bench.sh).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/obelix/cifs data/mp/cif
cif2proto="$(pwd)/tools/cif2proto"; records="$(pwd)/tools/records"
oracle="$(pwd)/tests/cif2proto/pymatgen_oracle.py"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mp_sample 21 | head -1000 > "$tmp/mp.txt"
status=0
for set in obelix mp; do
  if [ $set = obelix ]; then obelix_cifs > "$tmp/files.txt"; else cp "$tmp/mp.txt" "$tmp/files.txt"; fi
  "$cif2proto" --oxidation=none --files_from="$tmp/files.txt" > "$tmp/$set.stream"
  "$records" --format=tsv "$tmp/$set.stream" > "$tmp/$set.tsv"
  echo "== $set: $(wc -l < "$tmp/files.txt") CIFs"
  xargs /usr/bin/python3 "$oracle" "$tmp/$set.tsv" < "$tmp/files.txt" > "$tmp/$set.report" || status=1
  grep -v '^formatting-only' "$tmp/$set.report" | tail -20
  echo "formatting-only differences (documented): $(grep -c '^formatting-only' "$tmp/$set.report" || true)"
done
exit $status
