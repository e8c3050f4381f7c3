#!/bin/bash
# Bad-input table for one tool (issue 16): truncated stream, wrong record
# type, empty stream, one corrupt record in the middle, NaN/inf values, a
# 100,000-site cell, a 10^6 Å cell edge, a closed output pipe. Each case must
# end with a clear "<tool>: ..." message and exit code 1 (2 for bad usage):
# never a signal, never a hang (each run is bounded by `timeout`). With
# --keep_going the good records are all in the output and the bad ones are
# counted. Usage: hostile_test.sh TOOL   (inputs: make_hostile_inputs)
set -uo pipefail
tool="$1"
root="$(pwd)"
bin() { local b="$root/tools/$1"; [ -x "$b" ] || b="$root/tests/hostile/$1"; echo "$b"; }
T="$(mktemp -d)"; trap 'rm -rf "$T"' EXIT
"$root/tests/hostile/make_hostile_inputs" "$T" || { echo "FAIL: generator"; exit 1; }
TIMEOUT="${HOSTILE_TIMEOUT:-120}"
BVSE_PARAMS="--params_dir=${SHARED_DIR:-/work/shared}/data/bvse"
fail=0; passed=0
ok() { echo "ok   $tool: $1"; passed=$((passed+1)); }
bad() { echo "FAIL $tool: $1"; fail=$((fail+1)); }

# expect NAME CODE PATTERN -- COMMAND...: runs COMMAND (stdin from /dev/null
# unless redirected inside) with a timeout; checks the exit code, that the
# tool was not killed by a signal, and that stderr matches PATTERN (ERE).
expect() {
  local name="$1" code="$2" pattern="$3"; shift 4
  timeout -k 5 "$TIMEOUT" "$@" < /dev/null > "$T/out" 2> "$T/err"
  local rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    bad "$name: timed out after ${TIMEOUT}s"; return
  fi
  if [ "$rc" -gt 128 ]; then bad "$name: killed by signal $((rc-128))"; head -5 "$T/err"; return; fi
  if [ "$rc" -ne "$code" ]; then
    bad "$name: exit $rc, want $code"; head -5 "$T/err"; return
  fi
  if [ "$pattern" = ANY ]; then ok "$name (exit $rc)"; return; fi
  if ! grep -Eq -- "$pattern" "$T/err"; then
    bad "$name: stderr does not match /$pattern/:"; head -5 "$T/err"; return
  fi
  ok "$name (exit $rc: $(grep -E -- "$pattern" "$T/err" | head -1 | cut -c1-150))"
}

# The same with stdin from a file.
expect_in() {
  local name="$1" code="$2" pattern="$3" input="$4"; shift 5
  timeout -k 5 "$TIMEOUT" "$@" < "$input" > "$T/out" 2> "$T/err"
  local rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then bad "$name: timed out"; return; fi
  if [ "$rc" -gt 128 ]; then bad "$name: killed by signal $((rc-128))"; return; fi
  if [ "$rc" -ne "$code" ]; then bad "$name: exit $rc, want $code"; head -5 "$T/err"; return; fi
  if ! grep -Eq -- "$pattern" "$T/err"; then bad "$name: stderr does not match /$pattern/"; head -5 "$T/err"; return; fi
  ok "$name (exit $rc)"
}

# Closed output pipe: stdout is a pipe whose read end is already closed, so
# the first write fails with EPIPE (SIGPIPE is ignored by the tools).
closed_pipe() {
  local name="$1"; shift 2
  timeout -k 5 "$TIMEOUT" python3 - "$@" > "$T/rc" 2> "$T/err" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=w,
                   stderr=sys.stderr)
print(p.returncode)
PY
  local rc; rc="$(cat "$T/rc")"
  if [ -z "$rc" ]; then bad "$name: timed out or harness failed"; return; fi
  if [ "$rc" -lt 0 ]; then bad "$name: killed by signal $((-rc))"; return; fi
  if [ "$rc" -ne 1 ]; then bad "$name: exit $rc, want 1"; head -5 "$T/err"; return; fi
  if ! grep -Eqi -- "pipe|write|stdout" "$T/err"; then bad "$name: no write error message"; head -5 "$T/err"; return; fi
  ok "$name (exit 1: $(head -1 "$T/err" | cut -c1-150))"
}

# Number of records in a stream (0 when it does not read).
count() { "$(bin records)" --format=tsv --header=false "$1" 2>/dev/null | tail -n +2 | wc -l; }
# The ids of a stream's records, sorted, one line.
ids() { "$(bin records)" --format=tsv "$1" 2>/dev/null | tail -n +2 | cut -f1 | sort | tr '\n' ' '; }

# --keep_going: exit 0, the good records (ids GOOD) all in OUT, N bad ones
# named and counted on stderr (COUNT_RE).
keep_going() {
  local name="$1" out="$2" good="$3" count_re="$4"; shift 5
  timeout -k 5 "$TIMEOUT" "$@" < /dev/null > "$T/kg_stdout" 2> "$T/err"
  local rc=$?
  if [ "$rc" -ne 0 ]; then bad "$name: exit $rc, want 0"; head -5 "$T/err"; return; fi
  local got; got="$(ids "$out")"
  if [ "$got" != "$good" ]; then bad "$name: output ids '$got', want '$good'"; return; fi
  if ! grep -Eq -- "$count_re" "$T/err"; then bad "$name: no count /$count_re/ on stderr:"; tail -3 "$T/err"; return; fi
  ok "$name ($(grep -E -- "$count_re" "$T/err" | head -1))"
}

# crystal_inputs CMD...: the bad Crystal streams every Crystal-reading tool
# refuses alike, each path appended to CMD. Per tool: TRUNCATED_ARGS and
# CORRUPT_ARGS go before those two inputs, INF_RE after the inf-occupancy
# pattern.
crystal_inputs() {
  expect "empty stream" 1 "$tool: .*empty stream" -- "$@" "$D/empty.crystals"
  expect "truncated stream" 1 "$tool: .*truncated" -- "$@" ${TRUNCATED_ARGS:-} "$D/truncated.crystals"
  expect "wrong record type" 1 "$tool: .*DescriptorRecord" -- "$@" "$D/good.descriptors"
  expect "corrupt record in the middle" 1 "$tool: .*corrupt" -- "$@" ${CORRUPT_ARGS:-} "$D/corrupt_middle.crystals"
  expect "NaN lattice" 1 "$tool: .*bad-nan-lattice.*not finite" -- "$@" "$D/nan.crystals"
  expect "inf occupancy" 1 "$tool: .*bad-inf-occupancy${INF_RE:-}" -- "$@" "$D/inf.crystals"
  expect "atomic number 200" 1 "$tool: .*bad-atomic-number.*Z=200" -- "$@" "$D/bad_z.crystals"
}

D="$T"
GOOD3="lif-0 lif-1 lif-2 "
case "$tool" in
cif2proto)
  X="$(bin cif2proto)"
  expect "empty CIF" 1 "cif2proto: .*empty|no data|no atoms|cannot|empty" -- "$X" --quiet "$D/empty.cif"
  expect "truncated CIF" 1 "cif2proto: " -- "$X" --quiet "$D/truncated.cif"
  expect "binary garbage" 1 "cif2proto: " -- "$X" --quiet "$D/garbage.cif"
  expect "wrong type (a Crystal stream as CIF)" 1 "cif2proto: " -- "$X" --quiet "$D/good.crystals"
  expect "NaN cell edge" 1 "cif2proto: .*(nan|not positive|number)" -- "$X" --quiet "$D/nan.cif"
  expect "inf cell edge" 1 "cif2proto: .*(inf|finite|volume)" -- "$X" --quiet "$D/inf.cif"
  expect "unknown element" 1 "cif2proto: .*Xx" -- "$X" --quiet "$D/bad_element.cif"
  expect "10^6 Å cell edge" 1 "cif2proto: .*--max_volume_angstrom3" -- "$X" --quiet "$D/bigedge.cif"
  expect "100,000-site cell" 1 "cif2proto: .*--max_sites" -- "$X" --quiet "$D/huge.cif"
  expect "corrupt block in the middle" 1 "cif2proto: .*bad_element" -- "$X" --quiet "$D/good.cif" "$D/bad_element.cif" "$D/good2.cif"
  expect "bad usage" 2 "cif2proto: usage" -- "$X" --oxidation=maybe "$D/good.cif"
  expect "missing file" 1 "cif2proto: .*nonexistent" -- "$X" "$D/nonexistent.cif"
  closed_pipe "closed output pipe" -- "$X" --quiet "$D/good.cif"
  keep_going "--keep_going" "$T/kg.crystals" "good good2 " "skipped" \
    -- "$X" --keep_going --output="$T/kg.crystals" "$D/good.cif" "$D/bad_element.cif" "$D/nan.cif" "$D/bigedge.cif" "$D/huge.cif" "$D/truncated.cif" "$D/good2.cif"
  if [ "$fail" -eq 0 ]; then
    n="$(grep -c "skipped" "$T/err")"
    [ "$n" -ge 5 ] && ok "--keep_going names each bad block ($n lines)" || bad "--keep_going: $n skip lines, want >= 5"
  fi
  ;;
simplify)
  X="$(bin simplify)"; A="--scheme=CAN"
  INF_RE=".*occupancy" crystal_inputs "$X" $A
  expect "100,000-site cell" 1 "simplify: .*bad-100000-sites.*--max_sites" -- "$X" $A "$D/huge.crystals"
  expect "10^6 Å cell edge" 1 "simplify: .*--max_volume_angstrom3" -- "$X" $A "$D/bigcell.crystals"
  expect "bad usage" 2 "simplify: usage" -- "$X" --scheme=XYZ "$D/good.crystals"
  expect "bad --max_sites" 2 "simplify: usage" -- "$X" $A --max_sites=0 "$D/good.crystals"
  closed_pipe "closed output pipe" -- "$X" $A "$D/good.crystals"
  keep_going "--keep_going" "$T/kg.crystals" "$GOOD3" "5 skipped" -- "$X" $A --keep_going "$D/mixed.crystals" --output="$T/kg.crystals"
  ;;
describe)
  X="$(bin describe)"; A="--descriptor=density_features"
  crystal_inputs "$X" $A
  expect "100,000-site cell" 1 "describe: .*bad-100000-sites.*--max_sites" -- "$X" --descriptor=soap "$D/huge.crystals"
  expect "10^6 Å cell edge (xrd)" 1 "describe: .*--max_volume_angstrom3" -- "$X" --descriptor=xrd "$D/bigcell.crystals"
  expect "bad usage" 2 "describe: usage" -- "$X" --descriptor=no_such_descriptor "$D/good.crystals"
  closed_pipe "closed output pipe" -- "$X" $A "$D/good.crystals"
  keep_going "--keep_going" "$T/kg.descriptors" "$GOOD3" "5 skipped" -- "$X" $A --keep_going --output="$T/kg.descriptors" "$D/mixed.crystals"
  # --mix input pairing.
  expect "--mix: empty input" 1 "describe: .*empty stream" -- "$X" --mix="$D/good.descriptors:1,$D/empty.descriptors:1"
  expect "--mix: truncated input" 1 "describe: .*truncated" -- "$X" --mix="$D/good.descriptors:1,$D/truncated.descriptors:1"
  expect "--mix: wrong record type" 1 "describe: .*Crystal" -- "$X" --mix="$D/good.descriptors:1,$D/good.crystals:1"
  expect "--mix: corrupt record" 1 "describe: .*corrupt" -- "$X" --mix="$D/good.descriptors:1,$D/corrupt_middle.descriptors:1"
  expect "--mix: unpaired records" 1 "describe: .*missing from" -- "$X" --mix="$D/good.descriptors:1,$D/three.descriptors:1"
  keep_going "--mix --keep_going: unpaired records" "$T/kg.descriptors" "$GOOD3" "dropped 1 not in every input" -- "$X" --keep_going --output="$T/kg.descriptors" --mix="$D/good.descriptors:1,$D/three.descriptors:1"
  expect "--mix: NaN value" 1 "describe: .*lif-1.*non-finite value nan" -- "$X" --mix="$D/good.descriptors:1,$D/nan4.descriptors:1"
  expect "--mix --keep_going: NaN value" 1 "describe: .*lif-1.*non-finite value nan" -- "$X" --keep_going --mix="$D/good.descriptors:1,$D/nan4.descriptors:1"
  # Found by this table: an overflowing weight crashed --mix (SIGABRT, a
  # protobuf CHECK on the moved-from header while naming the feature).
  expect "--mix: weight overflows to inf" 1 "describe: .*lif-0.*weighted feature .*is not finite" -- "$X" --mix="$D/good.descriptors:1,$D/good2.descriptors:1e308"
  expect "--mix: bad weight" 2 "describe: usage" -- "$X" --mix="$D/good.descriptors:x"
  closed_pipe "--mix: closed output pipe" -- "$X" --mix="$D/good.descriptors:1,$D/good2.descriptors:1"
  ;;
bvse)
  X="$(bin bvse)"; A="$BVSE_PARAMS --resolution=0.4"
  crystal_inputs "$X" $A
  expect "100,000-site cell" 1 "bvse: .*bad-100000-sites.*--max_sites" -- "$X" $A "$D/huge.crystals"
  expect "10^6 Å cell edge" 1 "bvse: .*--max_volume_angstrom3" -- "$X" $A "$D/bigcell.crystals"
  expect "grid over the limit" 1 "bvse: .*--max_grid_points" -- "$X" $A --resolution=0.01 "$D/good.crystals"
  expect "bad usage" 2 "bvse: usage" -- "$X" $A --model=nope "$D/good.crystals"
  closed_pipe "closed output pipe" -- "$X" $A "$D/good.crystals"
  keep_going "--keep_going" "$T/kg.bvse" "$GOOD3" "8 records read, 3 written, 5 skipped" -- "$X" $A --keep_going "$D/mixed.crystals" --output="$T/kg.bvse"
  ;;
cluster)
  X="$(bin cluster)"; A="--k=2 --quiet"
  expect "empty stream" 1 "cluster: .*empty stream" -- "$X" $A "$D/empty.descriptors"
  expect "truncated stream" 1 "cluster: .*truncated" -- "$X" $A "$D/truncated.descriptors"
  expect "wrong record type" 1 "cluster: .*Crystal" -- "$X" $A "$D/good.crystals"
  expect "corrupt record in the middle" 1 "cluster: .*corrupt" -- "$X" $A "$D/corrupt_middle.descriptors"
  expect "NaN values" 1 "cluster: .*bad-nan" -- "$X" $A "$D/nan.descriptors"
  expect "100,000 records, average linkage (40 GB matrix)" 1 "cluster: .*--max_matrix_mb" -- "$X" $A --linkage=average "$D/huge.descriptors"
  expect "bad usage" 2 "cluster: usage" -- "$X" --k=abc "$D/good.descriptors"
  closed_pipe "closed output pipe" -- "$X" $A "$D/good.descriptors"
  timeout -k 5 "$TIMEOUT" "$X" $A --keep_going --output="$T/kg.clustering" "$D/mixed.descriptors" 2> "$T/err"
  rc=$?
  if [ "$rc" -eq 0 ] && grep -q "2 records skipped, 4 clustered" "$T/err"; then
    ok "--keep_going (2 records skipped, 4 clustered)"
  else
    bad "--keep_going: exit $rc"; cat "$T/err"
  fi
  ;;
score)
  X="$(bin score)"; C="$(bin cluster)"
  "$C" --k=2 --quiet --output="$T/good.clustering" "$D/good.descriptors" || bad "setup: cluster"
  L="--labels=$D/labels.csv --control_draws=2"
  expect "empty stream" 1 "score: .*empty stream" -- "$X" $L "$D/empty.descriptors"
  head -c -9 "$T/good.clustering" > "$T/truncated.clustering"
  expect "truncated clustering" 1 "score: .*truncated" -- "$X" $L "$T/truncated.clustering"
  expect "wrong record type" 1 "score: .*(DescriptorRecord|Crystal)" -- "$X" $L "$D/good.crystals"
  expect "NaN/inf labels" 1 "score: " -- "$X" --labels="$D/nan_labels.csv" "$T/good.clustering"
  expect "empty labels" 1 "score: " -- "$X" --labels="$D/empty.cif" "$T/good.clustering"
  expect "binary labels" 1 "score: " -- "$X" --labels="$D/garbage.cif" "$T/good.clustering"
  expect "bad usage" 2 "score: usage" -- "$X" "$T/good.clustering"
  closed_pipe "closed output pipe" -- "$X" $L "$T/good.clustering"
  # mixed.clustering: good, a one-item clustering (cannot be scored), good.
  expect "unscorable record in the middle" 1 "score: clustering record 1: clustering of 1 items" -- "$X" $L "$D/mixed.clustering"
  expect "--keep_going" 0 "score: 3 records read, 2 written, 1 skipped" -- "$X" $L --keep_going --output="$T/kg.score" "$D/mixed.clustering"
  if grep -q "^score: skipped clustering record 1: clustering of 1 items" "$T/err" \
      && [ "$("$(bin records)" --format=tsv "$T/kg.score" 2>/dev/null | grep -c .)" -gt 0 ]; then
    ok "--keep_going names the skipped record; the Score stream reads"
  else
    bad "--keep_going: no skip line or unreadable output"; head -5 "$T/err"
  fi
  expect "--keep_going, nothing scorable" 1 "score: no usable Clustering records \(1 skipped\)" -- "$X" $L --keep_going "$D/mixed_bad_only.clustering"
  ;;
rank)
  X="$(bin rank)"; C="$(bin cluster)"; B="$(bin bvse)"
  "$C" --k=2 --quiet --output="$T/good.clustering" "$D/good.descriptors" || bad "setup: cluster"
  "$B" $BVSE_PARAMS --resolution=0.4 "$D/good.crystals" --output="$T/good.bvse" 2>/dev/null || bad "setup: bvse"
  R="--clustering=$T/good.clustering --bvse=$T/good.bvse --labels=$D/labels.csv --k=2 --symprec=0"
  expect "empty crystals" 1 "rank: .*empty stream" -- "$X" $R --crystals="$D/empty.crystals"
  expect "truncated crystals" 1 "rank: .*truncated" -- "$X" $R --crystals="$D/truncated.crystals"
  expect "wrong record type" 1 "rank: .*DescriptorRecord" -- "$X" $R --crystals="$D/good.descriptors"
  expect "corrupt record in the middle" 1 "rank: .*corrupt" -- "$X" $R --crystals="$D/corrupt_middle.crystals"
  expect "NaN lattice" 1 "rank: .*bad-nan-lattice.*not finite" -- "$X" $R --crystals="$D/nan.crystals"
  expect "atomic number 200" 1 "rank: .*bad-atomic-number" -- "$X" $R --crystals="$D/bad_z.crystals"
  expect "100,000-site cell" 1 "rank: .*--max_sites" -- "$X" $R --crystals="$D/huge.crystals"
  expect "10^6 Å cell edge" 1 "rank: .*--max_volume_angstrom3" -- "$X" $R --crystals="$D/bigcell.crystals"
  expect "empty clustering" 1 "rank: .*empty" -- "$X" --clustering="$D/empty.crystals" --crystals="$D/good.crystals" --bvse="$T/good.bvse" --labels="$D/labels.csv"
  expect "NaN labels" 1 "rank: " -- "$X" --clustering="$T/good.clustering" --crystals="$D/good.crystals" --bvse="$T/good.bvse" --labels="$D/nan_labels.csv" --k=2 --symprec=0
  expect "bad usage" 2 "rank: usage" -- "$X" --crystals="$D/good.crystals"
  closed_pipe "closed output pipe" -- "$X" $R --crystals="$D/good.crystals"
  expect "bad records among good ones" 1 "rank: --crystals record 1 \(bad-nan-coordinate\): invalid crystal" -- "$X" $R --crystals="$D/mixed.crystals"
  expect "--keep_going" 0 "rank: --crystals: 8 records read, 5 skipped" -- "$X" $R --keep_going --crystals="$D/mixed.crystals" --output="$T/kg.tsv"
  n="$(grep -c "^rank: skipped --crystals record [0-9]* (bad-" "$T/err")"
  if [ "$n" -eq 5 ] && grep -q "3 with crystal" "$T/err" && [ -s "$T/kg.tsv" ]; then
    ok "--keep_going names each skipped record ($n lines), joins the 3 good ones"
  else
    bad "--keep_going: $n skip lines, want 5"; cat "$T/err"
  fi
  ;;
neb-prep)
  X="$(bin neb-prep)"; O="--output=$T"
  TRUNCATED_ARGS=--id=missing CORRUPT_ARGS=--id=lif-2 crystal_inputs "$X" $O
  expect "100,000-site cell" 1 "neb-prep: .*--max_sites" -- "$X" $O "$D/huge.crystals"
  expect "10^6 Å cell edge" 1 "neb-prep: .*--max_volume_angstrom3" -- "$X" $O "$D/bigcell.crystals"
  expect "bad usage" 2 "neb-prep: usage" -- "$X" $O --images=0 "$D/good.crystals"
  expect "unwritable output folder" 1 "neb-prep: " -- "$X" --output=/nonexistent/dir "$D/good.crystals"
  # bad_first.crystals: NaN lattice, Z = 200, then lif-2.
  expect "bad first record" 1 "neb-prep: record 0 \(bad-nan-lattice\): .*not finite" -- "$X" $O "$D/bad_first.crystals"
  mkdir -p "$T/kg"
  expect "--keep_going" 0 "neb-prep: 2 records skipped" -- "$X" --output="$T/kg" --keep_going "$D/bad_first.crystals"
  if grep -q "^neb-prep: skipped record 0 (bad-nan-lattice)" "$T/err" \
      && grep -q "^neb-prep: skipped record 1 (bad-atomic-number)" "$T/err" \
      && grep -q "^neb-prep: lif-2: hop" "$T/err" && [ -s "$T/kg/neb_plain.in" ]; then
    ok "--keep_going names both skipped records and prepares lif-2"
  else
    bad "--keep_going: skip lines or lif-2 inputs missing"; cat "$T/err"
  fi
  expect "--keep_going, nothing preparable" 1 "neb-prep: no record could be prepared \(1 skipped\)" -- "$X" $O --keep_going "$D/nan.crystals"
  ;;
records)
  X="$(bin records)"
  expect "empty stream" 1 "records: .*empty stream" -- "$X" "$D/empty.crystals"
  expect "truncated stream" 1 "records: .*truncated" -- "$X" "$D/truncated.crystals"
  expect "corrupt record in the middle" 1 "records: .*corrupt" -- "$X" "$D/corrupt_middle.crystals"
  expect "not a stream" 1 "records: .*not an ionscreen stream" -- "$X" "$D/good.cif"
  expect "concat: mixed record types" 1 "records: .*" -- "$X" --concat "$D/good.crystals" "$D/good.descriptors"
  # A viewer shows hostile records as they are (element::Get is checked).
  expect "NaN/inf/Z=200 records print" 0 ANY -- "$X" --format=tsv "$D/mixed.crystals"
  expect "100,000-site cell prints" 0 ANY -- "$X" --format=tsv "$D/huge.crystals"
  expect "bad usage" 2 "records: usage" -- "$X" --format=xml "$D/good.crystals"
  closed_pipe "closed output pipe" -- "$X" "$D/good.crystals"
  closed_pipe "concat: closed output pipe" -- "$X" --concat "$D/good.crystals"
  ;;
*) echo "unknown tool $tool"; exit 2 ;;
esac
echo "$tool: $passed passed, $fail failed"
[ "$fail" -eq 0 ]
