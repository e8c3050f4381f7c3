#!/bin/bash
# --unbalanced: a structure no oxidation-state tier balances (LiMg3) is kept
# with every state 0 by default (zero, the paper's code), reported on stderr
# with each tier's reason and counted in the summary; --unbalanced=error
# fails (or skips with --keep_going) as before. A balanced structure (LiF, states in its CIF) is
# unaffected. The kept structure then simplifies (all Mg but Li; A -> S).
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
source_root cif2proto
data="$here/data"
fail() { echo "FAIL: $*"; exit 1; }

"$bin/cif2proto" "$data/LiF.cif" "$data/LiMg3_unbalanced.cif" > "$tmp/zero.stream" 2> "$tmp/zero.err"
grep -q 'all oxidation states 0 (--unbalanced=zero): LiMg3_unbalanced: no oxidation-state tier balances the charge (fixed table: net charge +7.000; bond valence: .*; ICSD statistics: ' "$tmp/zero.err" \
  || fail "no per-structure report: $(cat "$tmp/zero.err")"
[ "$(grep -c 'all oxidation states 0' "$tmp/zero.err")" = 1 ] || fail "LiF reported as unbalanced"
grep -q 'parsed 2, skipped 0, unbalanced (all states set to 0): 1$' "$tmp/zero.err" || fail "summary: $(tail -1 "$tmp/zero.err")"
"$bin/records" --format=json --header=false "$tmp/zero.stream" > "$tmp/zero.jsonl"
[ "$(wc -l < "$tmp/zero.jsonl")" = 2 ] || fail "want 2 records"
grep '"id":"LiMg3_unbalanced"' "$tmp/zero.jsonl" > "$tmp/limg3.json" || fail "LiMg3 not kept"
grep -q '"oxidation_tier":"OXIDATION_UNBALANCED_ZERO"' "$tmp/limg3.json" || fail "tier: $(cat "$tmp/limg3.json")"
# Every occupant (4) carries state 0 (an optional field, so printed).
[ "$(grep -o '"oxidation_state":[^,}]*' "$tmp/limg3.json" | sort | uniq -c | tr -s ' ')" = " 4 \"oxidation_state\":0" ] \
  || fail "states: $(cat "$tmp/limg3.json")"
grep '"id":"LiF"' "$tmp/zero.jsonl" | grep -q OXIDATION_FROM_CIF || fail "LiF tier changed"

"$bin/simplify" --all < "$tmp/zero.stream" > "$tmp/simple.stream"
"$bin/records" --format=tsv "$tmp/simple.stream" > "$tmp/simple.tsv"
grep -qP '^LiMg3_unbalanced\tLiMg3\t4\t85\.184000\t.*\tCAMN\t' "$tmp/simple.tsv" || fail "CAMN: $(cat "$tmp/simple.tsv")"
grep -qP '^LiMg3_unbalanced\tS\t3\t85\.184000\t.*\tA\t' "$tmp/simple.tsv" || fail "A: $(cat "$tmp/simple.tsv")"
grep -qP '^LiMg3_unbalanced\tS\t3\t120\.000000\t.*\tA-40\t' "$tmp/simple.tsv" || fail "A-40: $(cat "$tmp/simple.tsv")"

if "$bin/cif2proto" --unbalanced=error "$data/LiMg3_unbalanced.cif" > /dev/null 2> "$tmp/error.err"; then
  fail "--unbalanced=error accepted LiMg3"
fi
grep -q 'LiMg3_unbalanced: no oxidation-state tier balances the charge' "$tmp/error.err" || fail "$(cat "$tmp/error.err")"
"$bin/cif2proto" --unbalanced=error --keep_going "$data/LiF.cif" "$data/LiMg3_unbalanced.cif" > /dev/null 2> "$tmp/skip.err"
grep -q 'parsed 1, skipped 1 (oxidation states: 1)$' "$tmp/skip.err" || fail "$(tail -1 "$tmp/skip.err")"
! grep -q 'unbalanced (all states' "$tmp/skip.err" || fail "error mode counts unbalanced"
if "$bin/cif2proto" --unbalanced=maybe "$data/LiF.cif" > /dev/null 2>&1; then fail "bad --unbalanced accepted"; fi
echo "PASS"
