#!/bin/bash
# rank end to end on a hand-made clustering (7 items): the label with
# sigma 2e-4 (matched by ICSD id) selects cluster 1 at k=3 and its nearest
# cluster 2; filters and ranking are checked against expected/ files, with
# missing values dropped and kept.
set -euo pipefail
R="$TEST_SRCDIR/$TEST_WORKSPACE"
H="$R/tests/rank"
T="${TEST_TMPDIR:-$(mktemp -d)}"
J="$H/json_to_stream"
"$J" clustering < "$H/testdata/clustering.jsonl" > "$T/c"
"$J" crystal < "$H/testdata/crystals.jsonl" > "$T/x"
"$J" bvse < "$H/testdata/bvse.jsonl" > "$T/b"
run() {
  "$R/tools/rank" --clustering="$T/c" --crystals="$T/x" --bvse="$T/b" \
    --labels="$H/testdata/labels.csv" --k=3 "$@"
}
run > "$T/drop.tsv" 2> "$T/drop.err"
diff -u "$H/expected/drop.tsv" "$T/drop.tsv"
grep -q "missing E_hull 1, gap 0, Ea 0 (1 dropped); 2 candidates" "$T/drop.err"
run --keep_missing > "$T/keep.tsv" 2> /dev/null
diff -u "$H/expected/keep.tsv" "$T/keep.tsv"
# Table 2 thresholds (E_hull = 0) drop Li3BS3 (E_hull 0.01).
run --ehull_max=0 --keep_missing > "$T/t2.tsv" 2> /dev/null
diff -u "$H/expected/table2.tsv" "$T/t2.tsv"
# Null model and resolved labels: selection = clusters 1 and 2 (4
# structures; mp-1 and mp-2 pass the filters), filters alone keep mp-1,
# mp-2 and mp-5; mp-6 lacks BVSE. Same seed, same table.
run --top_ids=mp-1,mp-2,mp-6 --null_tsv="$T/null.tsv" --null_draws=200 \
  --labels_tsv="$T/lab.tsv" > /dev/null 2> "$T/null.err"
for kv in "top_ids_present	3" "filters_alone_structures	3" \
          "filters_alone_recall	2" "selected_structures	4" "real_recall	2" \
          "draws	200"; do
  grep -qx "$kv" "$T/null.tsv" || { echo "null.tsv lacks '$kv'"; cat "$T/null.tsv"; exit 1; }
done
run --top_ids=mp-1,mp-2,mp-6 --null_tsv="$T/null2.tsv" --null_draws=200 \
  > /dev/null 2>&1
cmp "$T/null.tsv" "$T/null2.tsv"
[[ "$(head -1 "$T/lab.tsv")" == "$(printf 'id\tmp_id\tlog10_sigma\tn_rows\tsource\tmatched_by')" ]]
grep -q "^mp-1	mp-1	-3.6989700043" "$T/lab.tsv"
[[ $(wc -l < "$T/lab.tsv") -eq 3 ]]
# Bad input: a depth that was not cut; usage errors exit 2.
if run --k=241 > /dev/null 2> "$T/err"; then exit 1; fi
grep -q "no cut at k=241" "$T/err"
set +e
"$R/tools/rank" --k=3 > /dev/null 2>&1
[[ $? -eq 2 ]] || { echo "expected exit 2 for missing flags"; exit 1; }
echo PASS
