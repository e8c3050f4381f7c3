#!/bin/bash
# Benchmark (not a test): global_instability at the matminer default cutoff
# (4 Å) and the paper's r_cut = 20 Å, with interpolate_soft=true and
# all_zero_valences=zero (the paper's settings), over a sample of the shared
# MP corpus, 1 thread; the pymatgen reference (get_all_neighbors + bond
# valence sums, bench/gii_cutoff_bench.py) on the first M ordered structures
# of at most 60 sites, with the worst relative difference to our values.
# Prints a Markdown table.
#
# Usage: bash bench/gii_cutoff_bench.sh [N_STRUCTURES [M_REFERENCE]]
#   (defaults 200 and 20; every k-th MP CIF in name order, k = files / N,
#   read with cif2proto, which assigns oxidation states)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
bazel build -c opt //tools:cif2proto //tools:describe //tools:records >/dev/null 2>&1 \
  || { echo "bazel build failed" >&2; exit 1; }
bin="$(bazel info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
n="${1:-200}"; m="${2:-20}"
ls "$shared/data/mp/cif" | sort > "$tmp/all.txt"
total=$(wc -l < "$tmp/all.txt"); step=$(( total / n ))
awk -v s="$step" -v n="$n" '(NR - 1) % s == 0 && c < n { print; c++ }' "$tmp/all.txt" \
  | sed "s|^|$shared/data/mp/cif/|" > "$tmp/files.txt"
"$bin/tools/cif2proto" --keep_going --quiet --files_from="$tmp/files.txt" \
  > "$tmp/crystals" 2> "$tmp/cif2proto.err" || { tail -3 "$tmp/cif2proto.err" >&2; exit 1; }
table="$shared/data/matminer/bvparm2020.cif"
echo "Sample: $n MP CIFs (every ${step}th), $(nproc) cores, -c opt, 1 thread"
echo
echo "| implementation | cutoff Å | structures | s | ms/structure | worst rel. diff |"
echo "|---|---|---|---|---|---|"
for cut in 4 20; do
  t0=$(date +%s.%N)
  "$bin/tools/describe" --descriptor=global_instability --keep_going --threads=1 \
    --params=bv_table=$table,cutoff_angstrom=$cut,interpolate_soft=true,all_zero_valences=zero \
    < "$tmp/crystals" > "$tmp/out$cut" 2> "$tmp/err$cut"
  t1=$(date +%s.%N)
  written=$(tail -n 1 "$tmp/err$cut" | awk '{print $5}')
  python3 -c "import sys; s=float(sys.argv[2]); print('| ionscreen describe | %s | %s | %.3f | %.2f | |' % (sys.argv[1], sys.argv[3], s, 1e3 * s / int(sys.argv[3])))" \
    "$cut" "$(echo "$t1 - $t0" | bc -l)" "$written"
  "$bin/tools/records" --format=json --header=false < "$tmp/out$cut" > "$tmp/out$cut.json"
done
"$bin/tools/records" --format=json --header=false < "$tmp/crystals" > "$tmp/crystals.json"
PYTHONPATH="$repo/lib/voronoi:$repo/lib/descriptors/global_instability" /usr/bin/python3 \
  "$repo/bench/gii_cutoff_bench.py" "$tmp/crystals.json" "$tmp/out4.json" "$tmp/out20.json" \
  "$table" "$m" 2>/dev/null
echo
echo "($(tail -n 1 "$tmp/err20"); ms/structure over the records written, startup included)"
