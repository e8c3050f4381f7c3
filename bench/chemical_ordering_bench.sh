#!/bin/bash
# Benchmark (not a test): chemical_ordering CPU time of one thread, now vs
# before issue #14's speed-up (CHEMORD_OLD_REF, default the commit before
# it, built from `git archive` in a temporary directory), on the original
# and the CAN-simplified structures of an MP sample; checks that both give
# the same records. Prints a Markdown table.
#
# Usage: bash bench/chemical_ordering_bench.sh [N_STRUCTURES]   (default 300)
#   N structures are every k-th MP CIF in name order. Set BAZEL_OUTPUT_BASE
#   to build the current tree in a private Bazel output base. On a shared
#   machine run it under `nice -n 19`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
old_ref="${CHEMORD_OLD_REF:-b2078a438626e586829b824cc3a06172b39787a0}"
bazel_cmd=(bazel ${BAZEL_OUTPUT_BASE:+--output_base=$BAZEL_OUTPUT_BASE})
"${bazel_cmd[@]}" build -c opt //tools:cif2proto //tools:describe //tools:simplify >/dev/null 2>&1 \
  || { echo "bazel build failed" >&2; exit 1; }
bin="$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

n="${1:-300}"
ls "$shared/data/mp/cif" | sort > "$tmp/all.txt"
total=$(wc -l < "$tmp/all.txt")
[ "$n" -le 0 ] || [ "$n" -gt "$total" ] && n=$total
step=$(( total / n ))
awk -v s="$step" -v n="$n" '(NR - 1) % s == 0 && c < n { print; c++ }' "$tmp/all.txt" \
  | sed "s|^|$shared/data/mp/cif/|" > "$tmp/files.txt"
"$bin/tools/cif2proto" --keep_going --quiet --files_from="$tmp/files.txt" \
  > "$tmp/original" 2> "$tmp/cif2proto.err" || { cat "$tmp/cif2proto.err" >&2; exit 1; }
"$bin/tools/simplify" --scheme=CAN --keep_going < "$tmp/original" > "$tmp/CAN" 2> "$tmp/simplify.err" \
  || { tail -3 "$tmp/simplify.err" >&2; exit 1; }

mkdir -p "$tmp/old"
git -C "$repo" archive "$old_ref" | tar -x -C "$tmp/old" \
  || { echo "CHEMORD_OLD_REF $old_ref not in this repository" >&2; exit 1; }
cp -f "$repo"/.bazelrc.shared "$tmp/old/" 2>/dev/null || true
(cd "$tmp/old" && bazel --output_base="$tmp/old_base" build -c opt //tools:describe >/dev/null 2>&1) \
  || { echo "could not build $old_ref" >&2; exit 1; }
old_bin="$(cd "$tmp/old" && bazel --output_base="$tmp/old_base" info -c opt bazel-bin 2>/dev/null)/tools/describe"
(cd "$tmp/old" && bazel --output_base="$tmp/old_base" shutdown >/dev/null 2>&1) || true

# CPU seconds (user + sys) of one describe run: cputime OUT BIN INPUT
cputime() {
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys
out, binary, inp = sys.argv[1:]
with open(inp, "rb") as i, open(out, "wb") as o, open(out + ".err", "wb") as e:
    subprocess.run([binary, "--descriptor=chemical_ordering", "--keep_going",
                    "--threads=1"], stdin=i, stdout=o, stderr=e, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.3f}")
PY
}
source "$repo/bench/common.sh"  # records_part

echo "Sample: $(wc -l < "$tmp/files.txt") MP CIFs (every ${step}th), -c opt, 1 thread, CPU time"
echo
echo "| input | structures | before ($(echo "$old_ref" | cut -c1-7)) CPU s | structures/s per core | now CPU s | structures/s per core | speedup | records identical |"
echo "|---|---|---|---|---|---|---|---|"
for input in original CAN; do
  t_old=$(cputime "$tmp/old_$input" "$old_bin" "$tmp/$input")
  t_new=$(cputime "$tmp/new_$input" "$bin/tools/describe" "$tmp/$input")
  same=$(cmp -s <(records_part "$tmp/old_$input") <(records_part "$tmp/new_$input") && echo yes || echo NO)
  read -r _ _ _ _ written _ <<< "$(tail -1 "$tmp/new_$input.err")"; written=${written%,}
  python3 - "$input" "$written" "$t_old" "$t_new" "$same" <<'PY'
import sys
inp, w, t_old, t_new, same = sys.argv[1:]
w = int(w); t_old = float(t_old); t_new = float(t_new)
print(f"| {inp} | {w} | {t_old:.2f} | {w/t_old:.0f} | {t_new:.2f} | {w/t_new:.0f} | {t_old/t_new:.2f}x | {same} |")
PY
done
