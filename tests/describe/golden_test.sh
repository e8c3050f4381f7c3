#!/bin/bash
# Golden tests for `describe`: runs the documented command lines on three
# tiny CIFs (data/: Li2O and LiF ordered, (Li0.5Na0.5)Cl disordered) and
# compares text dumps with expected/ (values printed to 10 significant
# digits), plus exit codes and error messages.
# Regenerate after an intended change:
#   GOLDEN_UPDATE_DIR=$PWD/tests/describe/expected bazel run //tests/describe:golden_test
set -uo pipefail
root="$(pwd)"
[ -x "$root/tests/describe/describe_test_tool" ] || { echo "FAIL: run under bazel test"; exit 1; }
fake="$root/tests/describe/describe_test_tool"   # test descriptors only
real="$root/tools/describe"                       # all_descriptors
dump="$root/tests/describe/dump_descriptors"
cif2proto="$root/tools/cif2proto"
data="$root/tests/describe/data"
expected="$root/tests/describe/expected"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0; passed=0

ok() { echo "ok   $1"; passed=$((passed+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }

# compare NAME FILE: FILE against expected/NAME (or write it when updating).
compare() {
  if [ -n "${GOLDEN_UPDATE_DIR:-}" ]; then
    cp "$2" "$GOLDEN_UPDATE_DIR/$1"; ok "$1 (updated)"; return
  fi
  if diff -u "$expected/$1" "$2" > "$tmp/diff"; then ok "$1"
  else bad "$1"; head -40 "$tmp/diff"; fi
}

# expect_fail NAME RC SUBSTRING CMD...: exit code RC and SUBSTRING on stderr.
expect_fail() {
  local name="$1" want="$2" text="$3"; shift 3
  "$@" > /dev/null 2> "$tmp/err"; local rc=$?
  if [ $rc -eq "$want" ] && grep -qF -- "$text" "$tmp/err"; then ok "$name"
  else bad "$name: exit $rc (want $want), stderr: $(cat "$tmp/err")"; fi
}

"$cif2proto" --oxidation=none --quiet "$data/li2o.cif" "$data/lif.cif" \
  "$data/li_na_cl.cif" > "$tmp/crystals" || { echo "FAIL: cif2proto"; exit 1; }

# --list (fake descriptors only, so the text does not change when real
# descriptors are added).
"$fake" --list > "$tmp/list.txt" && compare list.txt "$tmp/list.txt"

# Fixed-dimension descriptor; disorder weighted by occupancy (0.5 Li, 0.5 Na).
"$fake" --descriptor=test_composition --params=elements=Li,Na,O,F,Cl,scale=0.25 \
  < "$tmp/crystals" > "$tmp/c1" && "$dump" "$tmp/c1" > "$tmp/composition.txt" \
  && compare composition.txt "$tmp/composition.txt"

# Thread count does not change the output (records byte for byte; header
# compared as text because protobuf map order varies between runs).
"$fake" --descriptor=test_composition --params=elements=Li,Na,O,F,Cl,scale=0.25 \
  --threads=2 "$tmp/crystals" > "$tmp/c2" && "$dump" "$tmp/c2" > "$tmp/c2.txt"
if cmp -s "$tmp/composition.txt" "$tmp/c2.txt"; then ok "threads=2 identical"
else bad "threads=2 output differs"; diff "$tmp/composition.txt" "$tmp/c2.txt" | head; fi

# Data-set-wide Prepare (species collected from all records).
"$fake" --descriptor=test_species --output="$tmp/s1" "$tmp/crystals" \
  && "$dump" "$tmp/s1" > "$tmp/species.txt" && compare species.txt "$tmp/species.txt"

# --disorder=error: a per-record failure naming the record...
expect_fail "disorder=error fails" 1 \
  'record 2 (li_na_cl): disordered site' \
  "$fake" --descriptor=test_composition --disorder=error "$tmp/crystals"
# ...or, with --keep_going, a skip line and a summary.
"$fake" --descriptor=test_species --disorder=error --keep_going \
  "$tmp/crystals" > "$tmp/k1" 2> "$tmp/keep_going.stderr"
rc=$?
[ $rc -eq 0 ] && ok "keep_going exit 0" || bad "keep_going exit $rc"
compare keep_going.stderr "$tmp/keep_going.stderr"
"$dump" "$tmp/k1" > "$tmp/keep_going.txt" && compare keep_going.txt "$tmp/keep_going.txt"

# Never NaN: a descriptor returning NaN is an error naming record and feature.
expect_fail "NaN refused" 1 \
  'record 1 (lif): feature 1 (volume_angstrom3) is nan' \
  "$fake" --descriptor=test_faulty --params=nan_ids=lif "$tmp/crystals"
"$fake" --descriptor=test_faulty --params=nan_ids=lif,error_ids=li2o \
  --keep_going "$tmp/crystals" > "$tmp/f1" 2> "$tmp/faulty.stderr"
compare faulty.stderr "$tmp/faulty.stderr"

# Mixing: weighted concatenation matched on id and representation.
"$fake" --mix="$tmp/c1:1,$tmp/s1:1e-5" > "$tmp/m1" \
  && "$dump" "$tmp/m1" | sed "s|$tmp/||g" > "$tmp/mix.txt" \
  && compare mix.txt "$tmp/mix.txt"
expect_fail "mix with different ids" 1 \
  '1 record(s) of '"$tmp"'/c1 missing from '"$tmp"'/k1 (e.g. "li_na_cl" (none))' \
  "$fake" --mix="$tmp/c1,$tmp/k1"

# Usage errors exit 2.
expect_fail "no descriptor" 2 "--descriptor is required" "$fake"
expect_fail "unknown descriptor" 2 'unknown descriptor "nope"' \
  "$fake" --descriptor=nope
expect_fail "unknown parameter" 2 'has no parameter "rcut"' \
  "$fake" --descriptor=test_composition --params=rcut=3
expect_fail "parameter twice" 2 "parameter species given twice" \
  "$fake" --descriptor=test_species --params=species=Li,species=O
expect_fail "no SOAP shorthand flags" 1 "Unknown command line flag 'rcut'" \
  "$real" --descriptor=soap --rcut=3
expect_fail "bad parameter value" 2 'parameter scale: "x" is not a number' \
  "$fake" --descriptor=test_composition --params=scale=x
expect_fail "disorder as parameter" 2 "set with --disorder" \
  "$fake" --descriptor=test_composition --params=disorder=error
expect_fail "bad disorder" 2 "not one of: weighted, error" \
  "$fake" --descriptor=test_composition --disorder=drop
expect_fail "negative threads" 2 "--threads must be >= 0 (0 = all cores)" \
  "$fake" --descriptor=test_composition --threads=-1
expect_fail "not a crystal stream" 1 "holds ionscreen.describe.DescriptorRecord" \
  "$fake" --descriptor=test_composition "$tmp/c1"

# A real descriptor through the real binary: SOAP with fixed species (its
# DScribe exactness is tested in lib/descriptors/soap; this guards the tool).
"$real" --descriptor=soap \
  --params=species=Li,O,F,Na,Cl,rcut=3,nmax=2,lmax=1,sigma=1,average=outer \
  --threads=2 < "$tmp/crystals" > "$tmp/soap" \
  && "$dump" "$tmp/soap" > "$tmp/soap.txt" && compare soap.txt "$tmp/soap.txt"
# RDF (matminer semantics; its pymatgen/matminer oracle test lives in
# lib/descriptors/rdf): the disordered record weighted by occupancy.
"$real" --descriptor=rdf --params=cutoff_angstrom=5,bin_size_angstrom=0.5,per_atom=true \
  --keep_going < "$tmp/crystals" > "$tmp/rdf" 2> "$tmp/rdf.err" \
  && "$dump" "$tmp/rdf" > "$tmp/rdf.txt" && compare rdf.txt "$tmp/rdf.txt"
"$real" --list > "$tmp/real_list.txt"
if grep -q '^soap$' "$tmp/real_list.txt" && grep -q '^rdf$' "$tmp/real_list.txt" && grep -q 'dimension: depends on the data set' "$tmp/real_list.txt"; then
  ok "real --list shows soap and rdf"; else bad "real --list: $(head -5 "$tmp/real_list.txt")"; fi

# average=off: one block per site (the vector is sites x dimension values,
# and the block of each site equals that of its symmetry-equivalent sites).
"$real" --descriptor=soap --params=species=Li,O,F,Na,Cl,rcut=3,nmax=2,lmax=1,average=off \
  < "$tmp/crystals" > "$tmp/soap_off" 2> "$tmp/soap_off.err" \
  && "$real" --descriptor=soap --params=species=Li,O,F,Na,Cl,rcut=3,nmax=2,lmax=1,average=outer \
  < "$tmp/crystals" > "$tmp/soap_outer" 2>> "$tmp/soap_off.err"
if /usr/bin/python3 - "$dump" "$tmp/soap_off" "$tmp/soap_outer" <<'PY'
import subprocess, sys
def rows(path):
    out = subprocess.run([sys.argv[1], path], capture_output=True, text=True).stdout
    recs = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and not line.startswith("#"):
            try:
                recs.append([float(x) for x in parts[3].split()])
            except ValueError:
                pass
    return recs
off, outer = rows(sys.argv[2]), rows(sys.argv[3])
assert len(off) == len(outer) and off, (len(off), len(outer))
for a, b in zip(off, outer):
    d = len(b)
    assert len(a) % d == 0 and len(a) > d, (len(a), d)
    n = len(a) // d
    mean = [sum(a[i * d + j] for i in range(n)) / n for j in range(d)]
    assert all(abs(m - x) <= 1e-6 * max(abs(v) for v in b) for m, x in zip(mean, b)), "mean of per-site blocks != outer average"
PY
then ok "average=off gives per-site blocks whose mean is the outer average"
else bad "average=off: $(cat "$tmp/soap_off.err")"; fi

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
