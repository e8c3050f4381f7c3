#!/bin/bash
# Issue 18: bvse on CIFs as users get them from pymatgen (every species
# declared 0, written at test time by Debian's pymatgen CifWriter,
# tests/cif2proto/pymatgen_zero_cif.py) gives the same barriers as on the
# original CIFs: a sample of 11 OBELiX structures (every 32nd file), 419 (no
# tier balances it, kept with every state 0 by --unbalanced=zero) and
# pymatgen's Li3V2(PO4)3, at 0.4 A (~1 s of bvse). 419 is refused as neutral
# input in both (skipped and counted with --keep_going). With
# --oxidation=declared the zeros reach bvse, which refuses the record by name.
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/obelix/cifs data/bvse
need_pymatgen
R="$TEST_SRCDIR/$TEST_WORKSPACE"
T="$(mktemp -d "${TEST_TMPDIR:-/tmp}/declared.XXXXXX")"
fail() { echo "FAIL: $*" >&2; exit 1; }
O="$SHARED_DIR/data/obelix/cifs"
P="--params_dir=$SHARED_DIR/data/bvse"
ls "$O" | awk 'NR % 32 == 1' > "$T/names"
echo 419.cif >> "$T/names"
/usr/bin/python3 "$R/tests/cif2proto/pymatgen_zero_cif.py" "$T/zero" $(sed "s|^|$O/|" "$T/names")
/usr/bin/python3 "$R/tests/cif2proto/pymatgen_zero_cif.py" --li3v2 "$T/li3v2"
"$R/tools/cif2proto" --quiet $(sed "s|^|$O/|" "$T/names") "$T/li3v2/plain/Li3V2PO43.cif" > "$T/orig.crystals" 2> /dev/null
"$R/tools/cif2proto" --quiet $(sed "s|^|$T/zero/|" "$T/names") "$T/li3v2/zero/Li3V2PO43.cif" > "$T/zero.crystals" 2> /dev/null
for s in orig zero; do
  "$R/tools/bvse" $P --resolution=0.4 --keep_going "$T/$s.crystals" \
    --output=/dev/null --tsv="$T/$s.tsv" 2> "$T/$s.err"
done
cat "$T/zero.tsv"
n=$(($(wc -l < "$T/names") + 1))
rows=$(($(wc -l < "$T/orig.tsv") - 1))
skipped=$(grep -c 'neutral input' "$T/orig.err" || true)
[[ $rows -eq $((n - 1)) && $skipped -eq 1 ]] \
  || fail "want $n records: $rows barriers, $skipped neutral skipped: $(cat "$T/orig.err")"
grep -q "419): neutral input: the mobile ion Li (site .*) has oxidation state 0 (oxidation tier OXIDATION_UNBALANCED_ZERO)" "$T/orig.err" \
  || fail "419 not refused: $(cat "$T/orig.err")"
diff <(grep 'skipped' "$T/orig.err") <(grep 'skipped' "$T/zero.err") || fail "different records skipped"
# Same barriers (6 decimals; allow 1e-5 eV for coordinates written to 8).
paste "$T/orig.tsv" "$T/zero.tsv" | awk -F'\t' -v nf=12 '
  NR == 1 { next }
  { if ($1 != $(1 + nf)) { print "id " $1 " vs " $(1 + nf); bad = 1 }
    for (i = 8; i <= 11; ++i) { d = $i - $(i + nf); if (d < 0) d = -d
      if (d > 1e-5) { print $1 ": column " i " " $i " vs " $(i + nf); bad = 1 } } }
  END { exit bad }' || fail "barriers differ"
grep -qP '^Li3V2PO43\t.*\t0\.4[0-9]+\t0\.4[0-9]+\t0\.4[0-9]+\tNA$' "$T/zero.tsv" || fail "Li3V2(PO4)3 barriers"

# --oxidation=declared (the old behaviour) lets the zeros through: refused.
"$R/tools/cif2proto" --quiet --oxidation=declared "$T/li3v2/zero/Li3V2PO43.cif" > "$T/declared.crystals"
if "$R/tools/bvse" $P --resolution=0.4 "$T/declared.crystals" --output=/dev/null 2> "$T/declared.err"; then
  fail "bvse accepted a neutral structure"
fi
grep -q "^bvse: record 0 (Li3V2PO43): neutral input: the mobile ion Li (site Li0) has oxidation state 0 (oxidation tier OXIDATION_FROM_CIF)" "$T/declared.err" \
  || fail "$(cat "$T/declared.err")"
echo "PASS"
