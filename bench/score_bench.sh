#!/bin/bash
# Benchmark (not a test): `score` with 100 control draws for k = 2..300 on N
# structures, the binary built from main (before issue 14) vs this tree's, in
# the same run. Prints wall and CPU (user + sys) seconds and peak RSS, and
# whether this tree's output under the old conventions (--frozen_start=zero
# --label_duplicates=rows) has the old binary's TSV columns byte for byte.
#
# Usage: bench/score_bench.sh [N]        (default 20000)
#   env KMAX=300 DRAWS=100 LABELS=600 (labelled structures; every tenth has a
#   second row), THREADS="1 2", WORK=/tmp/score_bench,
#   OLD=path/to/score (baseline binary; default: built from `main` in a
#   temporary git worktree), BASE=main (the ref to build it from).
# Data: a seeded random monotone merge tree (bench/score_bench_data.py), i.e.
# synthetic; N=20000 is about the full corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; KMAX=${KMAX:-300}; DRAWS=${DRAWS:-100}; LABELS=${LABELS:-600}
THREADS=${THREADS:-"1 2"}; WORK=${WORK:-/tmp/score_bench}; BASE=${BASE:-main}
mkdir -p "$WORK"
bazel build -c opt //tools:score //tests/rank:json_to_stream >&2
BIN=$(bazel info -c opt bazel-bin 2>/dev/null)
if [ -z "${OLD:-}" ]; then
  OLD="$WORK/score_$BASE"
  if [ ! -x "$OLD" ]; then
    rm -rf "$WORK/base"
    git worktree add --detach "$WORK/base" "$BASE" >&2
    cp .bazelrc.shared "$WORK/base/" 2>/dev/null || true
    (cd "$WORK/base" && bazel build -c opt //tools:score >&2 &&
       cp "$(bazel info -c opt bazel-bin 2>/dev/null)/tools/score" "$OLD" &&
       ob=$(bazel info output_base 2>/dev/null) && bazel shutdown >&2 &&
       case "$ob" in */_bazel_*/*) rm -rf "$ob" ;; esac)
    git worktree remove --force "$WORK/base" >&2
  fi
fi

D="$WORK/in_$N"
/usr/bin/python3 bench/score_bench_data.py "$N" "$KMAX" "$LABELS" "$D"
"$BIN/tests/rank/json_to_stream" clustering < "$D.json" > "$D.clu"

measure() {  # name, then the command; prints one table row
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" ||
    { cat "$WORK/err" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/time"
  printf "%-34s %8.2f %8.2f %8.0f\n" "$name" "$wall" \
    "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}
echo "score: N=$N, k=2..$KMAX, $DRAWS control draws, $LABELS labelled structures"
printf "%-34s %8s %8s %8s\n" binary wall_s cpu_s rss_MB
measure "main (1 control)" "$OLD" --labels="$D.labels.csv" \
  --control_draws="$DRAWS" --tsv="$WORK/old.tsv" "$D.clu"
for t in $THREADS; do
  measure "this tree, threads=$t (2 controls)" "$BIN/tools/score" \
    --labels="$D.labels.csv" --control_draws="$DRAWS" --threads="$t" \
    --tsv="$WORK/new_$t.tsv" "$D.clu"
done
"$BIN/tools/score" --labels="$D.labels.csv" --control_draws="$DRAWS" \
  --frozen_start=zero --label_duplicates=rows --tsv="$WORK/compat.tsv" \
  "$D.clu" > /dev/null 2>&1
if cut -f1-6 "$WORK/compat.tsv" | cmp -s - "$WORK/old.tsv"; then
  echo "old conventions: identical to main's TSV"
else
  echo "old conventions: DIFFER from main's TSV"
fi
