#!/bin/bash
# bvse command line: per-record errors (no Li, untabulated pair named, no
# oxidation states, grid too large), --keep_going summary, exit codes, a
# missing parameter folder naming --params_dir, and byte-identical reruns.
set -euo pipefail
if [[ -z "${SHARED_DIR:-}" || ! -d "$SHARED_DIR/data/bvse" ]]; then
  echo "FAIL: SHARED_DIR is not set to the shared data folder" >&2; exit 1
fi
R="$TEST_SRCDIR/$TEST_WORKSPACE"
T="${TEST_TMPDIR:-$(mktemp -d)}"
BVSE="$R/tools/bvse"
P="--params_dir=$SHARED_DIR/data/bvse"
"$R/tests/rank/json_to_stream" crystal < "$R/tests/bvse/testdata/crystals.jsonl" > "$T/x"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Without --keep_going the first bad record (the second) stops the run.
set +e
"$BVSE" $P --resolution=0.25 "$T/x" --output="$T/o" 2> "$T/err"
rc=$?
set -e
[[ $rc -eq 1 ]] || fail "exit $rc, expected 1"
grep -q "record 1 (no-li-NaF): structure contains no Li" "$T/err" || fail "no-Li message"

"$BVSE" $P --resolution=0.25 --keep_going "$T/x" --output="$T/o" \
  --tsv="$T/t.tsv" 2> "$T/err"
grep -q "no-li-NaF): structure contains no Li" "$T/err" || fail "no-Li skip"
grep -q "pair-Li3P): no softBV parameters for the pair Li+1-P-3" "$T/err" || fail "pair"
grep -q "no-states-LiF): .*F has no oxidation state" "$T/err" || fail "states"
grep -q "4 records read, 1 written, 3 skipped" "$T/err" || fail "summary"
[[ $(wc -l < "$T/t.tsv") -eq 2 ]] || fail "tsv rows"
grep -q "^good-LiF	" "$T/t.tsv" || fail "good row"

# --assign_oxidation fills in the missing states (lib/oxidation).
"$BVSE" $P --resolution=0.25 --keep_going --assign_oxidation "$T/x" \
  --output=/dev/null --tsv="$T/t2.tsv" 2> /dev/null
grep -q "^no-states-LiF	" "$T/t2.tsv" || fail "assign_oxidation"

# Grid limit.
"$BVSE" $P --resolution=0.1 --max_grid_points=1000 --keep_going "$T/x" \
  --output=/dev/null 2> "$T/err" || true
grep -q "good-LiF): grid of 41x41x41 = 68921 points exceeds --max_grid_points=1000" "$T/err" \
  || fail "grid limit"

# Missing parameter folder names the flag; bad usage exits 2.
set +e
"$BVSE" --params_dir=/nonexistent "$T/x" --output=/dev/null 2> "$T/err"
rc=$?
"$BVSE" $P --resolution=-1 "$T/x" --output=/dev/null 2> /dev/null
rc2=$?
set -e
[[ $rc -eq 1 ]] && grep -q -- "--params_dir" "$T/err" || fail "params_dir message"
[[ $rc2 -eq 2 ]] || fail "usage exit $rc2"

# Deterministic output.
# (same output base name: the provenance records flags with base names)
mkdir -p "$T/r1" "$T/r2"
for d in r1 r2; do
  "$BVSE" $P --resolution=0.25 --keep_going --hop_path "$T/x" \
    --output="$T/$d/out" 2> /dev/null
done
cmp "$T/r1/out" "$T/r2/out" || fail "outputs differ between runs"
# --threads changes nothing but the provenance line: compare the TSVs.
"$BVSE" $P --resolution=0.25 --keep_going "$T/x" --output=/dev/null \
  --tsv="$T/t1.tsv" 2> /dev/null
"$BVSE" $P --resolution=0.25 --keep_going --threads=2 "$T/x" \
  --output=/dev/null --tsv="$T/t3.tsv" 2> /dev/null
cmp "$T/t1.tsv" "$T/t3.tsv" || fail "--threads changed the results"
echo PASS
