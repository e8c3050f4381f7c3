#!/bin/bash
# Benchmark (not a test): cif2proto over the shared corpus (parse only, and the
# default with oxidation states) vs pymatgen's CifParser on the same files in
# the same run. Prints a Markdown table; goal (issue #14): default >= 500
# structures/s per core.
# Usage: bash bench/cif2proto_bench.sh [N_FILES]   (default: all 22,117)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
bazel build -c opt //tools:cif2proto >/dev/null 2>&1
bin="$(bazel info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
{ ls -d "$shared"/data/mp/cif/*.cif; ls -d "$shared"/data/obelix/cifs/*.cif; } > "$tmp/all.txt"
n="${1:-$(wc -l < "$tmp/all.txt")}"
head -n "$n" "$tmp/all.txt" > "$tmp/files.txt"
# Per core = structures per CPU second (user + sys): the machine is shared, so
# wall time overstates the cost; wall seconds are printed too.
tm() { /usr/bin/time -f "%e %U %S" -o "$1" "${@:2}"; }
tm "$tmp/t_parse" "$bin/tools/cif2proto" --oxidation=none --keep_going --files_from="$tmp/files.txt" > "$tmp/out" 2> "$tmp/err"
tm "$tmp/t_ox" "$bin/tools/cif2proto" --keep_going --files_from="$tmp/files.txt" > "$tmp/out2" 2> "$tmp/err2"
/usr/bin/python3 - "$tmp/files.txt" > "$tmp/py" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
t = time.time(); c = time.process_time(); ok = 0
for f in files:
    try:
        CifParser(f).get_structures(primitive=False); ok += 1
    except Exception:
        pass
print(len(files), ok, time.time() - t, time.process_time() - c)
PY
python3 - "$n" "$(cat "$tmp/t_parse")" "$(cat "$tmp/t_ox")" "$(cat "$tmp/py")" "$(tail -1 "$tmp/err2")" <<'PY'
import sys
n = int(sys.argv[1])
pw, pu, ps = map(float, sys.argv[2].split()); ow, ou, os_ = map(float, sys.argv[3].split())
pn, pok, pyw, pyc = sys.argv[4].split(); pn = int(pn); pyw = float(pyw); pyc = float(pyc)
summary = sys.argv[5]
pc, oc = max(pu + ps, 0.01), max(ou + os_, 0.01)  # /usr/bin/time: 10 ms steps
print("| tool | files | wall s | CPU s | structures/s per core | vs pymatgen (per core) |")
print("|---|---|---|---|---|---|")
print(f"| cif2proto (parse only, `--oxidation=none`) | {n} | {pw:.1f} | {pc:.1f} | {n/pc:.0f} | {(n/pc)/(pn/pyc):.1f}x |")
print(f"| cif2proto (default: oxidation states, `--unbalanced=zero`) | {n} | {ow:.1f} | {oc:.1f} | {n/oc:.0f} | {(n/oc)/(pn/pyc):.1f}x |")
print(f"| pymatgen CifParser (parse only) | {pn} ({pok} ok) | {pyw:.1f} | {pyc:.1f} | {pn/pyc:.0f} | 1x |")
print(f"\n{summary}")
PY
