#!/bin/bash
# Every malformed CIF gives its own clear error (exit 1, never a crash), and
# --keep_going skips each with a report and accounts for all of them.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cif2proto="${CIF2PROTO:-$here/../../tools/cif2proto}"
[ -x "$cif2proto" ] || cif2proto="$(pwd)/tools/cif2proto"
dir="$here/malformed"
[ -d "$dir" ] || dir="$(pwd)/tests/cif2proto/malformed"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# Generated inputs: binary junk and a 10 MB nonsense file.
head -c 4096 /dev/zero | tr '\0' '\377' > "$tmp/binary_junk.cif"
printf '\x00\x01\x02data_\xff\xfe' >> "$tmp/binary_junk.cif"
yes 'this is not a crystallographic information file ###' | head -c 10485760 > "$tmp/nonsense_10mb.cif"
cp "$dir"/*.cif "$tmp/"

fail=0; passed=0
expect() {  # file, expected substring
  local out rc
  out="$("$cif2proto" --oxidation=none "$tmp/$1" 2>&1 >/dev/null)"; rc=$?
  if [ $rc -ne 1 ] || ! grep -qF -- "$2" <<<"$out"; then
    echo "FAIL $1: exit $rc, stderr: $out"; fail=$((fail+1))
  else
    echo "ok   $1: $out"; passed=$((passed+1))
  fi
}
expect truncated.cif "syntax error"
expect missing_cell.cif "missing cell parameter _cell_length_c"
expect unknown_element.cif 'unknown element "Qq"'
expect zero_volume.cif "volume is zero or negative"
expect negative_length.cif "_cell_length_a = -5 is not positive"
expect no_atoms.cif "no atoms"
expect bad_symop.cif "unknown symmetry operator"
expect duplicate_blocks.cif 'duplicate data block name "twin"'
expect binary_junk.cif "syntax error"
expect nonsense_10mb.cif "syntax error"

# keep_going: all 10 files, 11 blocks: 1 good (first "twin"), 10 skipped.
"$cif2proto" --oxidation=none --keep_going "$tmp" > "$tmp/out.stream" 2> "$tmp/err.txt"
rc=$?
summary="$(tail -1 "$tmp/err.txt")"
skips="$(grep -c '^cif2proto: skipped' "$tmp/err.txt")"
if [ $rc -eq 0 ] && [ "$skips" -eq 10 ] && grep -qF "parsed 1, skipped 10" <<<"$summary"; then
  echo "ok   keep_going: $summary"; passed=$((passed+1))
else
  echo "FAIL keep_going: exit $rc, $skips skip lines, summary: $summary"; fail=$((fail+1))
fi
echo "$passed passed, $fail failed"
[ $fail -eq 0 ]
