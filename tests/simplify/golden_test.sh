#!/bin/bash
# Golden and bad-input tests for simplify. Inputs: the hand-written CIFs in
# data/, read by cif2proto; expected outputs: expected/*.txtpb (protobuf text
# from `records`). Regenerate after an intended change with
#   GOLDEN_UPDATE=$PWD/tests/simplify/expected bazel run ... or by running this
#   script from the repository root with GOLDEN_UPDATE=tests/simplify/expected.
set -uo pipefail
root="$(pwd)"
bin() { local b="$root/tools/$1"; [ -x "$b" ] || b="$(dirname "$0")/../../tools/$1"; echo "$b"; }
cif2proto="$(bin cif2proto)"; simplify="$(bin simplify)"; records="$(bin records)"
expected="$root/tests/simplify/expected"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0; passed=0
ok() { echo "ok   $1"; passed=$((passed+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }

golden() {  # name, cif, simplify flags...
  local name="$1" cif="$2"; shift 2
  if ! "$cif2proto" --quiet "tests/simplify/data/$cif" > "$tmp/$name.in" ||
     ! "$simplify" "$@" "$tmp/$name.in" > "$tmp/$name.out" ||
     ! "$records" "$tmp/$name.out" > "$tmp/$name.txtpb"; then
    bad "$name: pipeline failed"; return
  fi
  if [ -n "${GOLDEN_UPDATE:-}" ]; then cp "$tmp/$name.txtpb" "$GOLDEN_UPDATE/$name.txtpb"; fi
  if diff -u "$expected/$name.txtpb" "$tmp/$name.txtpb" > "$tmp/$name.diff"; then
    ok "golden $name"
  else
    bad "golden $name"; head -40 "$tmp/$name.diff"
  fi
}
golden li2s_all li2s.cif --all
golden mixed_all mixed.cif --all
golden mixed_can40_v30 mixed.cif --scheme=CAN-40 --volume_per_anion_angstrom3=30
golden mixed_camn_mobile_zr mixed.cif --scheme=CAMN --mobile=Zr

# Deterministic: the same input gives byte-identical output.
"$cif2proto" --quiet tests/simplify/data/mixed.cif > "$tmp/m.in"
"$simplify" --all "$tmp/m.in" > "$tmp/a1"; "$simplify" --all "$tmp/m.in" > "$tmp/a2"
if cmp -s "$tmp/a1" "$tmp/a2"; then ok "deterministic"; else bad "deterministic"; fi

# No oxidation states upstream: a clear error naming the record.
"$cif2proto" --quiet --oxidation=none tests/simplify/data/mixed.cif tests/simplify/data/li2s.cif > "$tmp/nox.in"
err="$("$simplify" --scheme=CAN "$tmp/nox.in" 2>&1 >/dev/null)"; rc=$?
if [ $rc -eq 1 ] && grep -qF "mixed: site" <<<"$err" && grep -qF "has no oxidation state" <<<"$err"; then
  ok "no states: $err"
else
  bad "no states: exit $rc: $err"
fi
# ... and --keep_going skips both records, one line each, with a summary.
err="$("$simplify" --scheme=CAN --keep_going "$tmp/nox.in" 2>&1 > "$tmp/kg.out")"; rc=$?
n="$("$records" --header=false "$tmp/kg.out" | grep -c '^id:')"
if [ $rc -eq 0 ] && [ "$(grep -c '^simplify: skipped' <<<"$err")" -eq 2 ] &&
   grep -qF "2 records read, 0 written, 2 skipped" <<<"$err" && [ "$n" -eq 0 ]; then
  ok "keep_going"
else
  bad "keep_going: exit $rc: $err"
fi
# The original representation needs no states.
if "$simplify" --scheme=none "$tmp/nox.in" > /dev/null; then ok "none without states"; else bad "none without states"; fi

# Empty stream (header, no records) -> empty stream with provenance appended.
"$cif2proto" --quiet --require_element=Cs tests/simplify/data/li2s.cif > "$tmp/empty.in"
if "$simplify" --all "$tmp/empty.in" > "$tmp/empty.out" &&
   [ -z "$("$records" --header=false "$tmp/empty.out")" ] &&
   "$records" "$tmp/empty.out" | grep -qF 'tool: "simplify"'; then
  ok "empty stream"
else
  bad "empty stream"
fi

# Usage errors exit 2.
for args in "" "--scheme=CAN --all" "--scheme=CN" "--scheme=CAN --mobile=Xx" \
            "--scheme=CAN --volume_per_anion_angstrom3=0"; do
  # shellcheck disable=SC2086
  "$simplify" $args "$tmp/m.in" > /dev/null 2>&1; rc=$?
  if [ $rc -eq 2 ]; then ok "usage '$args'"; else bad "usage '$args': exit $rc"; fi
done

# A closed pipe is an error, not a silent success (output far above the
# pipe buffer: 300 records x 9 representations).
files=(); for i in $(seq 300); do files+=(tests/simplify/data/mixed.cif); done
"$cif2proto" --quiet "${files[@]}" > "$tmp/many.in"
"$simplify" --all "$tmp/many.in" 2> "$tmp/pipe.err" | head -c 10 > /dev/null
rc=${PIPESTATUS[0]}
if [ $rc -eq 1 ] && [ -s "$tmp/pipe.err" ]; then ok "closed pipe: $(cat "$tmp/pipe.err")"; else bad "closed pipe: exit $rc"; fi

echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
