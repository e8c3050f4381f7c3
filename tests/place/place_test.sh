#!/bin/bash
# `place` against numpy/scipy (tests/place/place_oracle.py: scipy Ward +
# fcluster, nearest centroid, Ward increase, RMS radius, rank's candidate
# rule), plain and standardised, and its refusals: another depth, another
# dimension, other descriptor parameters or representation (real CIFs through
# cif2proto | simplify | describe | cluster).
set -uo pipefail
T="${TEST_TMPDIR:-$(mktemp -d)}"
PY="/usr/bin/python3 tests/place/place_oracle.py"
CONVERT=tests/cluster/tsv_to_descriptors
B=tools
fail=0; passed=0
check() { if [ "$1" -eq 0 ]; then echo "ok   $2"; passed=$((passed+1)); else echo "FAIL $2"; fail=$((fail+1)); fi; }

for std in 0 1; do
  d="$T/std$std"; mkdir -p "$d"
  stdflag=""; [ $std = 1 ] && stdflag="--standardize"
  $PY make "$d" $((7 + std)) $std
  $CONVERT "$d/train.tsv" "$d/train_ids.tsv" > "$d/train.pb" \
    && $CONVERT "$d/new.tsv" "$d/new_ids.tsv" > "$d/new.pb" \
    && $B/cluster --k=5,20 $stdflag --quiet "$d/train.pb" --output="$d/train.clustering"
  check $? "setup (standardize=$std)"
  for k in 5 20; do
    $B/place --clustering="$d/train.clustering" --k=$k --labels="$d/labels.csv" \
      --clusters_tsv="$d/clusters$k.tsv" "$d/new.pb" > "$d/placement$k.tsv" 2> "$d/place$k.err"
    rc=$?; [ $rc -eq 0 ] || cat "$d/place$k.err"
    [ $rc -eq 0 ] && $PY compare "$d" $k $std 1e-5 "$d/placement$k.tsv" "$d/clusters$k.tsv"
    check $? "place vs scipy oracle, k=$k, standardize=$std"
  done
done
d="$T/std0"

# Usage and refusals.
$B/place "$d/new.pb" > /dev/null 2> "$T/e1"; rc=$?
[ $rc -eq 2 ] && grep -q "usage: --clustering is required" "$T/e1"
check $? "no --clustering: exit 2"
$B/place --clustering="$d/train.clustering" --k=7 "$d/new.pb" > /dev/null 2> "$T/e2"; rc=$?
[ $rc -eq 1 ] && grep -q "no cut at k=7" "$T/e2"
check $? "depth not in the clustering: exit 1, names k"
cut -f1-11 "$d/new.tsv" > "$d/new11.tsv"
$CONVERT "$d/new11.tsv" "$d/new_ids.tsv" > "$d/new11.pb"
$B/place --clustering="$d/train.clustering" --k=5 "$d/new11.pb" > /dev/null 2> "$T/e3"; rc=$?
[ $rc -eq 1 ] && grep -q 'descriptor parameter "dimension" differs: the clustering was built with "12", the new structures were described with "11"' "$T/e3"
check $? "other dimension: refused with the parameter named"; [ $rc -eq 1 ] || cat "$T/e3"
$B/cluster --k=5 --centroids=false --quiet "$d/train.pb" --output="$d/nocentroids.clustering"
$B/place --clustering="$d/nocentroids.clustering" --k=5 "$d/new.pb" > /dev/null 2> "$T/e4"; rc=$?
[ $rc -eq 1 ] && grep -q -- "--centroids=true" "$T/e4"
check $? "clustering without centroids: refused"

# Real structures: CAN + XRD (451 points) clustered, then placed with XRD's
# default parameters (refused), unsimplified (refused), and as described.
$B/cif2proto --quiet tests/place/data > "$T/c.crystals" 2> "$T/cif.err" \
  && $B/simplify --scheme=CAN "$T/c.crystals" --output="$T/can.crystals" \
  && $B/describe --descriptor=xrd --params=pattern_length=451 --quiet "$T/can.crystals" > "$T/can.xrd" \
  && $B/describe --descriptor=xrd --quiet "$T/can.crystals" > "$T/can_default.xrd" \
  && $B/describe --descriptor=xrd --params=pattern_length=451 --quiet "$T/c.crystals" > "$T/none.xrd" \
  && $B/cluster --k=2 --quiet "$T/can.xrd" --output="$T/can.clustering"
rc=$?; check $rc "cif2proto | simplify | describe | cluster on tests/place/data"
[ $rc -eq 0 ] || cat "$T/cif.err"
$B/place --clustering="$T/can.clustering" --k=2 "$T/can_default.xrd" > /dev/null 2> "$T/e5"; rc=$?
[ $rc -eq 1 ] && grep -q 'descriptor parameter "pattern_length" differs' "$T/e5"
check $? "other descriptor parameters: refused naming pattern_length"; [ $rc -eq 1 ] || cat "$T/e5"
$B/place --clustering="$T/can.clustering" --k=2 "$T/none.xrd" > /dev/null 2> "$T/e6"; rc=$?
[ $rc -eq 1 ] && grep -q 'representation none but the clustering is of CAN' "$T/e6"
check $? "other representation: refused"; [ $rc -eq 1 ] || cat "$T/e6"
$B/place --clustering="$T/can.clustering" --k=2 --quiet "$T/can.xrd" > "$T/self.tsv" 2> "$T/e7"; rc=$?
n=$(tail -n +2 "$T/self.tsv" | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq "$(ls tests/place/data/*.cif | wc -l)" ]
check $? "the clustered structures placed again: one row each"; [ $rc -eq 0 ] || cat "$T/e7"

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
