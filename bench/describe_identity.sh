#!/bin/bash
# Byte identity of `describe` between two builds (not a test): every
# registered descriptor, with the parameters the workflow passes
# (workflow/config/config.yaml descriptor_params, data paths, SOAP species,
# bond_fractions elements, sine_coulomb max_sites) and, where they differ,
# with its defaults (which exercises Prepare for bond_fractions, sine_coulomb),
# on the unsimplified structures and on the CAN representation (`simplify`),
# over a fixed set of shared structures. Each pair of outputs is compared
# with cmp: header (provenance, effective parameters, labels) and records.
#
# Usage: bash bench/describe_identity.sh OLD_BIN_DIR NEW_BIN_DIR [N_MP]
#   *_BIN_DIR hold cif2proto, simplify, describe and records (e.g. a copy of
#   bazel-bin/tools from before a change, and bazel-bin/tools after it).
#   Inputs: all 321 OBELiX CIFs plus N_MP (default 300) MP CIFs, every k-th
#   in name order, read with OLD_BIN_DIR's cif2proto (so both builds see the
#   same Crystal stream). SOAP runs on CAN only (on the unsimplified
#   structures it needs every element of the corpus, see config.yaml).
#   Prints one line per run and a summary; exits 1 when any output differs.
#   KEEP=DIR keeps the outputs there.
set -uo pipefail
old="${1:?usage: describe_identity.sh OLD_BIN_DIR NEW_BIN_DIR [N_MP]}"
new="${2:?usage: describe_identity.sh OLD_BIN_DIR NEW_BIN_DIR [N_MP]}"
n_mp="${3:-300}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED_DIR:-$repo/../shared}"
data="$(cd "$shared/data" && pwd)" || { echo "no shared data at $shared" >&2; exit 1; }
tmp="${KEEP:-$(mktemp -d)}"; mkdir -p "$tmp"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
run() { nice -n 19 "$@"; }

ls "$data/mp/cif" | sort > "$tmp/all_mp.txt"
total=$(wc -l < "$tmp/all_mp.txt"); step=$(( total / n_mp ))
{ ls "$data/obelix/cifs"/*.cif | sort
  awk -v s="$step" -v n="$n_mp" '(NR - 1) % s == 0 && c < n { print; c++ }' "$tmp/all_mp.txt" \
    | sed "s|^|$data/mp/cif/|"; } > "$tmp/files.txt"
run "$old/cif2proto" --keep_going --quiet --require_element=Li --unbalanced=zero \
  --files_from="$tmp/files.txt" --output="$tmp/none.crystals" 2> "$tmp/cif2proto.err" \
  || { tail -3 "$tmp/cif2proto.err" >&2; exit 1; }
run "$old/simplify" --scheme=CAN --mobile=Li --volume_per_anion_angstrom3=40 --keep_going \
  "$tmp/none.crystals" --output="$tmp/CAN.crystals" 2> "$tmp/simplify.err" \
  || { tail -3 "$tmp/simplify.err" >&2; exit 1; }
# bond_fractions' element list as the workflow's elements.txt: every element
# of the data set in atomic-number order (workflow/scripts/elements.py).
elements="$(run "$old/records" --format=tsv --header=false "$tmp/none.crystals" | python3 -c '
import re, sys
order = ("H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu "
         "Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba "
         "La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi "
         "Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr").split()
seen = set()
for line in sys.stdin:
    f = line.rstrip("\n").split("\t")
    if len(f) > 1 and f[0] != "id":
        seen.update(re.findall(r"[A-Z][a-z]?", f[1]))
print(",".join(e for e in order if e in seen))')"
[ -n "$elements" ] || { echo "no elements found in the input" >&2; exit 1; }
m="$data/matminer"
# name|workflow parameters (as workflow/rules/common.smk builds them for
# config.yaml; the CAN representation's SOAP species Mg,Al,S).
workflow_params() {
  case "$1" in
    soap) echo "pairs_with=S,species=Mg,Al,S" ;;
    xrd) echo "pattern_length=451" ;;
    rdf) echo "cutoff_angstrom=10" ;;
    global_instability) echo "cutoff_angstrom=20,interpolate_soft=true,all_zero_valences=zero,bv_table=$m/bvparm2020.cif" ;;
    ewald) echo "accuracy=4,per_atom=false" ;;
    electronegativity_diff) echo "not_ionic=zeros" ;;
    bond_fractions) echo "elements=$elements" ;;
    sine_coulomb) echo "max_sites=700" ;;
    band_center|meredig|valence_orbital) echo "magpie_dir=$m/magpie_elementdata" ;;
    jarvis_cfid) echo "jarvis_dir=$m/jarvis" ;;
    *) echo "" ;;
  esac
}
# Defaults, bar data paths (relative defaults need the repository root as
# working directory) and SOAP's species (CAN's).
default_params() {
  case "$1" in
    soap) echo "species=Mg,Al,S" ;;
    global_instability) echo "bv_table=$m/bvparm2020.cif" ;;
    meredig|valence_orbital) echo "magpie_dir=$m/magpie_elementdata" ;;
    jarvis_cfid) echo "jarvis_dir=$m/jarvis" ;;
    *) echo "" ;;
  esac
}

run "$old/describe" --list > "$tmp/old_list.txt"
names=$(awk '/^[a-z0-9_]+$/' "$tmp/old_list.txt")
same=0; differ=0; failed=0
for name in $names; do
  for mode in workflow default; do
    params="$("${mode}_params" "$name")"
    # Defaults only where they differ from the workflow's parameters.
    [ $mode = default ] && [ "$params" = "$(workflow_params "$name")" ] && continue
    for rep in none CAN; do
      [ "$name" = soap ] && [ "$rep" = none ] && continue
      tag="$name.$mode.$rep"
      args=(--descriptor="$name" --keep_going --quiet)
      [ -n "$params" ] && args+=(--params="$params")
      for side in old new; do
        bin="$old"; [ $side = new ] && bin="$new"
        (cd "$repo" && run "${bin}/describe" "${args[@]}" "$tmp/$rep.crystals" \
          > "$tmp/$tag.$side" 2> "$tmp/$tag.$side.err")
        echo $? > "$tmp/$tag.$side.rc"
      done
      if ! cmp -s "$tmp/$tag.old.rc" "$tmp/$tag.new.rc"; then
        echo "EXIT  $tag: old $(cat "$tmp/$tag.old.rc"), new $(cat "$tmp/$tag.new.rc")"
        failed=$((failed + 1))
      elif [ "$(cat "$tmp/$tag.old.rc")" != 0 ]; then
        echo "FAIL  $tag: both exit $(cat "$tmp/$tag.old.rc"): $(tail -1 "$tmp/$tag.old.err")"
        failed=$((failed + 1))
      elif cmp -s "$tmp/$tag.old" "$tmp/$tag.new"; then
        echo "same  $tag ($(stat -c %s "$tmp/$tag.new") bytes; $(tail -1 "$tmp/$tag.new.err" | sed 's/^describe: //'))"
        same=$((same + 1))
      else
        echo "DIFF  $tag: $(cmp "$tmp/$tag.old" "$tmp/$tag.new" 2>&1 | head -1)"
        differ=$((differ + 1))
      fi
      # Each pair compared: keep disk use small unless KEEP is set.
      [ -n "${KEEP:-}" ] || rm -f "$tmp/$tag.old" "$tmp/$tag.new"
    done
  done
done
echo "inputs: $(grep -c . "$tmp/files.txt") CIFs ($(ls "$data/obelix/cifs" | wc -l) OBELiX + $n_mp MP), $(wc -c < "$tmp/none.crystals") bytes unsimplified, $(wc -c < "$tmp/CAN.crystals") bytes CAN"
echo "identical: $same, different: $differ, failed: $failed ($(echo $names | wc -w) descriptors)"
[ $differ -eq 0 ] && [ $failed -eq 0 ]
