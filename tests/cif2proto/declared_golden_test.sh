#!/bin/bash
# Golden test for issue 18: the stderr lines of cif2proto for CIFs that
# declare every oxidation state 0 (pymatgen's CifWriter form, data/*_declared_zero.cif),
# an element (data/Sn_alpha.cif: neutral, tier OXIDATION_ELEMENT, no line,
# kept even with --unbalanced=error) and a CIF with sound states (data/LiF.cif:
# kept, no line), in the default mode and with --unbalanced=error
# --keep_going; and the oxidation tier of each record. Compared with
# tests/cif2proto/expected/declared_*. Regenerate with: declared_golden_test.sh --update
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
source_root cif2proto
cd "$here"  # relative paths in the output
inputs="data/LiF_declared_zero.cif data/LiMg3_declared_zero.cif data/Sn_alpha.cif data/LiF.cif"
"$bin/cif2proto" $inputs > "$tmp/zero.stream" 2> "$tmp/declared_zero.stderr"
"$bin/cif2proto" --unbalanced=error --keep_going $inputs > /dev/null 2> "$tmp/declared_error.stderr"
"$bin/records" --format=json --header=false "$tmp/zero.stream" \
  | sed -E 's/^\{"id":"([^"]*)".*"oxidation_tier":"([A-Z_]*)".*$/\1\t\2/' > "$tmp/declared_tiers.tsv"
if [ "${1:-}" = "--update" ]; then
  cp "$tmp"/declared_* expected/; echo updated; exit 0
fi
fail=0; n=0
for f in declared_zero.stderr declared_error.stderr declared_tiers.tsv; do
  n=$((n+1))
  if ! diff -u "expected/$f" "$tmp/$f"; then echo "FAIL: $f differs"; fail=$((fail+1)); fi
done
echo "$((n-fail)) passed, $fail failed"
[ $fail -eq 0 ]
