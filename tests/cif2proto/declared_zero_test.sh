#!/bin/bash
# Issue 18: CIFs as users get them from pymatgen, written at test time by
# Debian's pymatgen CifWriter (/usr/bin/python3, pymatgen_zero_cif.py) with
# every species declared 0 (`_atom_type_oxidation_number 0.0`), from every
# shared OBELiX CIF (321) and from pymatgen's own Li3V2(PO4)3 test structure.
# cif2proto must give the same oxidation tier and states as from the original
# CIF (compare_states.py), report each ignored declaration once on stderr and
# count them in the summary; --oxidation=declared keeps the old behaviour
# (states 0, tier OXIDATION_FROM_CIF), and simplify then refuses the records,
# while it accepts the records of the default mode (the 31 unbalanced
# OBELiX structures with every state 0 included).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
need_shared data/obelix/cifs
need_pymatgen
source_root cif2proto
fail() { echo "FAIL: $*"; exit 1; }

/usr/bin/python3 "$here/pymatgen_zero_cif.py" "$tmp/zero" "$SHARED_DIR"/data/obelix/cifs/*.cif
/usr/bin/python3 "$here/pymatgen_zero_cif.py" --li3v2 "$tmp/li3v2"
n=$(ls "$SHARED_DIR"/data/obelix/cifs/*.cif | wc -l)
[ "$(ls "$tmp/zero" | wc -l)" = "$n" ] || fail "pymatgen wrote $(ls "$tmp/zero" | wc -l) of $n CIFs"
grep -q '^ *Li0+ *0.0$' "$tmp/zero/$(ls "$tmp/zero" | head -1)" || fail "no declared zeros in the pymatgen copy"

"$bin/cif2proto" "$SHARED_DIR"/data/obelix/cifs/*.cif "$tmp/li3v2/plain/Li3V2PO43.cif" > "$tmp/orig.stream" 2> "$tmp/orig.err"
"$bin/cif2proto" "$tmp"/zero/*.cif "$tmp/li3v2/zero/Li3V2PO43.cif" > "$tmp/zero.stream" 2> "$tmp/zero.err"
for s in orig zero; do
  "$bin/records" --format=json --header=false "$tmp/$s.stream" > "$tmp/$s.jsonl"
done
echo "== states: original CIF vs pymatgen copy with every state declared 0 ($n OBELiX + Li3V2(PO4)3)"
/usr/bin/python3 "$here/compare_states.py" "$tmp/orig.jsonl" "$tmp/zero.jsonl" || fail "states differ"

# One stderr line per ignored declaration; none for the original CIFs.
! grep -q 'not used' "$tmp/orig.err" || fail "original CIFs reported: $(grep 'not used' "$tmp/orig.err" | head -3)"
[ "$(grep -c '^cif2proto: oxidation states in the CIF not used (--oxidation=declared keeps them): ' "$tmp/zero.err")" = $((n + 1)) ] \
  || fail "want $((n + 1)) report lines: $(grep -c 'not used' "$tmp/zero.err")"
grep -q "^cif2proto: oxidation states in the CIF not used (--oxidation=declared keeps them): Li3V2PO43: all 0 in a structure with cations and anions by electronegativity (Li 0.98 < O 3.44); assigned by bond valence$" "$tmp/zero.err" \
  || fail "Li3V2PO43 line: $(grep Li3V2PO43 "$tmp/zero.err")"
tail -1 "$tmp/zero.err" | grep -q ", CIF oxidation states not used: $((n + 1))$" || fail "summary: $(tail -1 "$tmp/zero.err")"
# The unbalanced ones still end with every state 0, reported as before.
u=$(grep -c 'all oxidation states 0 (--unbalanced=zero)' "$tmp/orig.err" || true)
[ "$u" -gt 0 ] && [ "$(grep -c 'all oxidation states 0 (--unbalanced=zero)' "$tmp/zero.err")" = "$u" ] \
  || fail "unbalanced: $u in the original, $(grep -c 'all oxidation states 0' "$tmp/zero.err") in the copy"

# Both streams simplify alike (all-zero records of the fallback included).
"$bin/simplify" --scheme=CAMN "$tmp/orig.stream" | "$bin/records" --format=tsv > "$tmp/orig.camn"
"$bin/simplify" --scheme=CAMN "$tmp/zero.stream" | "$bin/records" --format=tsv > "$tmp/zero.camn"
[ "$(wc -l < "$tmp/orig.camn")" = $((n + 2)) ] || fail "CAMN rows: $(wc -l < "$tmp/orig.camn")"
diff -q <(cut -f1-3,7 "$tmp/orig.camn") <(cut -f1-3,7 "$tmp/zero.camn") > /dev/null || fail "CAMN differs"

# --oxidation=declared: the old behaviour (zeros kept, tier FROM_CIF, no
# report); simplify refuses those records, naming them.
"$bin/cif2proto" --oxidation=declared "$tmp/li3v2/zero/Li3V2PO43.cif" > "$tmp/declared.stream" 2> "$tmp/declared.err"
! grep -q 'not used' "$tmp/declared.err" || fail "declared mode reported"
"$bin/records" --format=json --header=false "$tmp/declared.stream" > "$tmp/declared.jsonl"
grep -q '"oxidation_tier":"OXIDATION_FROM_CIF"' "$tmp/declared.jsonl" || fail "declared tier: $(cat "$tmp/declared.jsonl")"
if "$bin/simplify" --scheme=CAMN "$tmp/declared.stream" > /dev/null 2> "$tmp/simplify.err"; then
  fail "simplify accepted an all-neutral OXIDATION_FROM_CIF record"
fi
grep -q 'Li3V2PO43: every oxidation state is 0 (oxidation tier OXIDATION_FROM_CIF)' "$tmp/simplify.err" || fail "$(cat "$tmp/simplify.err")"
if "$bin/cif2proto" --oxidation=trusted "$tmp/li3v2/zero/Li3V2PO43.cif" > /dev/null 2>&1; then fail "bad --oxidation accepted"; fi
echo "PASS"
