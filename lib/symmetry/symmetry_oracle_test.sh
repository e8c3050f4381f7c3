#!/bin/bash
# Oracle: space groups detected by lib/symmetry (spglib, symprec 0.1 Å) on 80
# Materials Project CIFs (every k-th of the corpus; all written in P 1)
# against pymatgen's SpacegroupAnalyzer(symprec=0.1) on the same files.
# Tolerance: none; every number must match.
set -uo pipefail
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/data/mp/cif" ]; then
  echo "FAIL: needs the shared data set: set SHARED_DIR to the absolute path of ../shared" >&2
  exit 1
fi
/usr/bin/python3 -c "import pymatgen" 2>/dev/null || {
  echo "FAIL: needs Debian's python3-pymatgen (tools/setup.sh installs it)" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
ls "$SHARED_DIR/data/mp/cif" | sort | awk 'NR % 270 == 1' | head -80 \
  | sed "s|^|$SHARED_DIR/data/mp/cif/|" > "$tmp/files.txt"
tools/cif2proto --oxidation=none --quiet --files_from="$tmp/files.txt" > "$tmp/c" 2> "$tmp/err" \
  || { cat "$tmp/err"; exit 1; }
lib/symmetry/symmetry_probe 0.1 "$tmp/c" | cut -f1,2 | sort > "$tmp/ours.tsv" || exit 1
/usr/bin/python3 - "$tmp/files.txt" > "$tmp/theirs.tsv" <<'PY' || exit 1
import os, sys, warnings
warnings.filterwarnings("ignore")
from pymatgen.core import Structure
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer
for path in open(sys.argv[1]).read().split():
    s = Structure.from_file(path)
    n = SpacegroupAnalyzer(s, symprec=0.1).get_space_group_number()
    print(f"{os.path.basename(path)[:-4]}\t{n}")
PY
sort -o "$tmp/theirs.tsv" "$tmp/theirs.tsv"
n=$(wc -l < "$tmp/theirs.tsv")
nonp1=$(awk -F'\t' '$2 != 1' "$tmp/theirs.tsv" | wc -l)
if [ "$n" -lt 80 ] || [ "$(wc -l < "$tmp/ours.tsv")" -ne "$n" ]; then
  echo "FAIL: compared $(wc -l < "$tmp/ours.tsv") of $n structures"; exit 1
fi
if ! diff "$tmp/theirs.tsv" "$tmp/ours.tsv" > "$tmp/diff"; then
  echo "FAIL: space groups differ from pymatgen (< pymatgen, > ionscreen):"; cat "$tmp/diff"; exit 1
fi
echo "ok   $n structures, space group numbers equal to pymatgen ($nonp1 not P 1)"
echo "1 passed, 0 failed"
