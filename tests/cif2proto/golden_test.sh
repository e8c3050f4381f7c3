#!/bin/bash
# Golden test: cif2proto on the documented examples, printed by `records`
# (text and TSV), compared with tests/cif2proto/expected/. Also checks
# `records --concat` and --shard. Regenerate with: golden_test.sh --update
set -euo pipefail
source "$(dirname "$0")/../testlib.sh"
source_root cif2proto
cd "$here"  # relative paths in the output
"$bin/cif2proto" --quiet data/LiF.cif data/Li3PS4_disordered.cif > "$tmp/all.stream"
"$bin/records" "$tmp/all.stream" > "$tmp/text.txt"
"$bin/records" --format=tsv "$tmp/all.stream" > "$tmp/summary.tsv"
"$bin/cif2proto" --quiet --oxidation=none data/Li3PS4_disordered.cif \
  | "$bin/records" --format=json --header=false > "$tmp/noox.jsonl"
# concat two copies with ids dropped, and shards
"$bin/records" --concat --drop_duplicate_ids "$tmp/all.stream" "$tmp/all.stream" 2>/dev/null \
  | "$bin/records" --format=tsv > "$tmp/concat.tsv"
"$bin/records" --concat --shard=1/2 "$tmp/all.stream" 2>/dev/null \
  | "$bin/records" --format=tsv > "$tmp/shard1.tsv"
if "$bin/records" --concat "$tmp/all.stream" "$tmp/all.stream" > /dev/null 2> "$tmp/dup.err"; then
  echo "FAIL: duplicate ids were not an error"; exit 1
fi
grep -q 'duplicate id "LiF"' "$tmp/dup.err"
if [ "${1:-}" = "--update" ]; then
  mkdir -p expected; cp "$tmp"/*.txt "$tmp"/*.tsv "$tmp"/*.jsonl expected/; echo updated; exit 0
fi
fail=0; n=0
for f in text.txt summary.tsv noox.jsonl concat.tsv shard1.tsv; do
  n=$((n+1))
  if ! diff -u "expected/$f" "$tmp/$f"; then echo "FAIL: $f differs"; fail=$((fail+1)); fi
done
echo "$((n-fail)) passed, $fail failed"
[ $fail -eq 0 ]
