#!/bin/bash
# Benchmark (not a test): structures/s of every registered descriptor
# (`describe --list`) over a sample of the shared Materials Project corpus,
# with 1 and 2 threads; checks that both thread counts give identical
# records; times pymatgen's XRDCalculator and EwaldSummation on the same
# structures when xrd / ewald are registered. Prints a Markdown table.
#
# Usage: bash bench/describe_bench.sh [N_STRUCTURES]   (default 500; 0 = all)
#   N structures are every k-th MP CIF in name order (k = files / N), read
#   with cif2proto (oxidation states assigned). SOAP runs on the paper's CAN
#   simplification (species collected from the data), every other
#   descriptor on the original structures. Records a descriptor cannot handle
#   are skipped (--keep_going) and counted. Set BAZEL_OUTPUT_BASE to build in
#   a private Bazel output base.
#   The last table times jarvis_cfid (CPU seconds, 1 thread) against earlier
#   code (JARVIS_OLD_REF: space-separated commits, default 5fa56fe, the main
#   branch before the third #14 speed-up; session 4's 6a4c74d no longer
#   reads the Crystal streams today's cif2proto writes),
#   each built from `git archive` in a temporary directory (one Bazel output
#   base each), and checks that all give the same records as now.
#   JARVIS_ONLY=1 skips the all-descriptor table.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
bazel_cmd=(bazel ${BAZEL_OUTPUT_BASE:+--output_base=$BAZEL_OUTPUT_BASE})
"${bazel_cmd[@]}" build -c opt //tools:cif2proto //tools:describe //tools:simplify >/dev/null 2>&1 \
  || { echo "bazel build failed" >&2; exit 1; }
bin="$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

n="${1:-500}"
ls "$shared/data/mp/cif" | sort > "$tmp/all.txt"
total=$(wc -l < "$tmp/all.txt")
[ "$n" -le 0 ] || [ "$n" -gt "$total" ] && n=$total
step=$(( total / n ))
awk -v s="$step" -v n="$n" '(NR - 1) % s == 0 && c < n { print; c++ }' "$tmp/all.txt" \
  | sed "s|^|$shared/data/mp/cif/|" > "$tmp/files.txt"
"$bin/tools/cif2proto" --keep_going --quiet --files_from="$tmp/files.txt" \
  > "$tmp/crystals" 2> "$tmp/cif2proto.err" || { cat "$tmp/cif2proto.err" >&2; exit 1; }
"$bin/tools/simplify" --scheme=CAN --keep_going < "$tmp/crystals" > "$tmp/can" 2> "$tmp/simplify.err" \
  || { tail -3 "$tmp/simplify.err" >&2; exit 1; }

# Every descriptor name from --list (unindented lines, bar the footer).
"$bin/tools/describe" --list > "$tmp/list.txt"
awk '/^[a-z0-9_]+$/' "$tmp/list.txt" > "$tmp/names.txt"

now() { date +%s.%N; }
source "$repo/bench/common.sh"  # records_part
echo "Sample: $(wc -l < "$tmp/files.txt") MP CIFs (every ${step}th), $(nproc) cores, -c opt"
echo
[ "${JARVIS_ONLY:-0}" = 1 ] && : > "$tmp/names.txt"
[ -s "$tmp/names.txt" ] && echo "| descriptor | input | dimension | described | skipped | 1 thread s | structures/s | 2 threads s | structures/s | speedup | 1 = 2 threads |"
[ -s "$tmp/names.txt" ] && echo "|---|---|---|---|---|---|---|---|---|---|---|"
while read -r name; do
  input="$tmp/crystals"; label="original"
  if [ "$name" = soap ]; then input="$tmp/can"; label="CAN"; fi
  row=""
  for threads in 1 2; do
    t0=$(now)
    if ! "$bin/tools/describe" --descriptor="$name" --keep_going --threads=$threads \
        < "$input" > "$tmp/out$threads" 2> "$tmp/err$threads"; then
      row="failed: $(tail -1 "$tmp/err$threads")"; break
    fi
    t1=$(now)
    secs[$threads]=$(echo "$t1 - $t0" | bc -l)
  done
  if [ -n "$row" ]; then
    echo "| $name | $label | | | | $row | | | | | |"; continue
  fi
  summary="$(tail -1 "$tmp/err1")"   # "describe: R records read, W written, S skipped"
  read -r _ read_n _ _ written _ skipped _ <<< "$summary"
  written=${written%,}; read_n=${read_n}
  # Records are compared past the header (protobuf map order in the header
  # may differ between runs).
  same=$(cmp -s <(records_part "$tmp/out1") <(records_part "$tmp/out2") && echo yes || echo NO)
  dim=$(awk -v n="$name" '$0 == n {f=1} f && /dimension:/ {sub(/.*dimension: /, ""); print; exit}' "$tmp/list.txt")
  case "$dim" in depends*) dim="data";; esac
  python3 - "$name" "$label" "$dim" "$written" "$skipped" "${secs[1]}" "${secs[2]}" "$same" <<'PY'
import sys
name, label, dim, written, skipped, s1, s2, same = sys.argv[1:]
w = int(written); s1 = float(s1); s2 = float(s2)
print(f"| {name} | {label} | {dim} | {w} | {skipped} | {s1:.2f} | {w/s1:.0f} | {s2:.2f} | {w/s2:.0f} | {s1/s2:.2f}x | {same} |")
PY
done < "$tmp/names.txt"

# pymatgen on the same CIFs (first 100 of the sample: it is much slower).
if grep -qx 'xrd\|ewald' "$tmp/names.txt"; then
  echo
  head -100 "$tmp/files.txt" > "$tmp/py_files.txt"
  /usr/bin/python3 - "$tmp/py_files.txt" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.analysis.ewald import EwaldSummation
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
structures = []
for f in files:
    try:
        structures.append(CifParser(f).get_structures(primitive=False)[0])
    except Exception:
        pass
calc = XRDCalculator(wavelength="CuKa")
t = time.time()
for s in structures:
    calc.get_pattern(s)
tx = time.time() - t
decorated = []
for s in structures:
    try:
        d = s.copy(); d.add_oxidation_state_by_guess(max_sites=-50); decorated.append(d)
    except Exception:
        pass
t = time.time()
for s in decorated:
    EwaldSummation(s).total_energy
te = time.time() - t
print("| pymatgen (same CIFs, first 100) | structures | seconds | structures/s |")
print("|---|---|---|---|")
print(f"| XRDCalculator.get_pattern (CuKa) | {len(structures)} | {tx:.2f} | {len(structures)/tx:.1f} |")
print(f"| EwaldSummation.total_energy (oxidation guess not timed) | {len(decorated)} | {te:.2f} | {len(decorated)/max(te,1e-9):.1f} |")
PY
fi

# jarvis_cfid now vs earlier code (same records, CPU time of one thread).
old_refs="${JARVIS_OLD_REF:-5fa56feb7a21aa8353a79fda9b84ab9c5a285aec}"
cputime() {  # CPU seconds (user + sys) of one command: cputime OUT BIN SHARED INPUT
  /usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys
out, binary = sys.argv[1], sys.argv[2]
shared = sys.argv[3]; inp = sys.argv[4]
with open(inp, "rb") as i, open(out, "wb") as o, open(out + ".err", "wb") as e:
    subprocess.run([binary, "--descriptor=jarvis_cfid", "--keep_going", "--threads=1",
                    f"--params=jarvis_dir={shared}/data/matminer/jarvis"],
                   stdin=i, stdout=o, stderr=e, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.2f}")
PY
}
rows=()
r=0
for old_ref in $old_refs; do
  r=$((r + 1))
  mkdir -p "$tmp/old$r"
  if ! git -C "$repo" archive "$old_ref" | tar -x -C "$tmp/old$r" 2>/dev/null; then
    echo "JARVIS_OLD_REF $old_ref not in this repository; skipped" >&2; continue
  fi
  cp -f "$repo"/.bazelrc.shared "$tmp/old$r/" 2>/dev/null || true
  (cd "$tmp/old$r" && bazel --output_base="$tmp/old_base$r" build -c opt //tools:describe >/dev/null 2>&1) \
    || { echo "could not build $old_ref" >&2; exit 1; }
  old_bin="$(cd "$tmp/old$r" && bazel --output_base="$tmp/old_base$r" info -c opt bazel-bin 2>/dev/null)/tools/describe"
  t_old=$(cputime "$tmp/cfid_old$r" "$old_bin" "$shared" "$tmp/crystals")
  (cd "$tmp/old$r" && bazel --output_base="$tmp/old_base$r" shutdown >/dev/null 2>&1) || true
  rows+=("$old_ref $t_old $tmp/cfid_old$r")
done
t_new=$(cputime "$tmp/cfid_new" "$bin/tools/describe" "$shared" "$tmp/crystals")
read -r _ _ _ _ written _ <<< "$(tail -1 "$tmp/cfid_new.err")"; written=${written%,}
echo
echo "| jarvis_cfid (1 thread, CPU time) | structures | CPU s | structures/s per core | now is faster by | records identical to now |"
echo "|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  read -r ref t_old out_old <<< "$row"
  same=$(cmp -s <(records_part "$out_old") <(records_part "$tmp/cfid_new") && echo yes || echo NO)
  python3 - "$ref" "$written" "$t_old" "$t_new" "$same" <<'PY'
import sys
ref, w, t_old, t_new, same = sys.argv[1:]
w = int(w); t_old = float(t_old); t_new = float(t_new)
print(f"| {ref[:7]} | {w} | {t_old:.2f} | {w/t_old:.1f} | {t_old/t_new:.2f}x | {same} |")
PY
done
python3 - "$written" "$t_new" <<'PY'
import sys
w = int(sys.argv[1]); t = float(sys.argv[2])
print(f"| now | {w} | {t:.2f} | {w/t:.1f} | | |")
PY
