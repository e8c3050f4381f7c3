#!/bin/bash
# Benchmark (not a test): cif2proto over the shared corpus vs pymatgen's
# CifParser on the same files in the same run. Prints a Markdown table.
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
t0=$(date +%s.%N)
"$bin/tools/cif2proto" --oxidation=none --keep_going --files_from="$tmp/files.txt" > "$tmp/out" 2> "$tmp/err"
t1=$(date +%s.%N)
"$bin/tools/cif2proto" --keep_going --files_from="$tmp/files.txt" > "$tmp/out2" 2> "$tmp/err2"
t2=$(date +%s.%N)
/usr/bin/python3 - "$tmp/files.txt" > "$tmp/py" <<'PY'
import sys, time, warnings
warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser
files = [l.strip() for l in open(sys.argv[1]) if l.strip()]
t = time.time(); ok = 0
for f in files:
    try:
        CifParser(f).get_structures(primitive=False); ok += 1
    except Exception:
        pass
print(len(files), ok, time.time() - t)
PY
read pn pok pt < "$tmp/py"
python3 - "$n" "$t0" "$t1" "$t2" "$pn" "$pok" "$pt" "$(tail -1 "$tmp/err")" <<'PY'
import sys
n, t0, t1, t2, pn, pok, pt, summary = sys.argv[1:]
n = int(n); a = float(t1) - float(t0); b = float(t2) - float(t1); pt = float(pt)
print(f"| tool | files | seconds | structures/s | vs pymatgen |")
print(f"|---|---|---|---|---|")
print(f"| cif2proto (parse only, `--oxidation=none`) | {n} | {a:.1f} | {n/a:.0f} | {pt/a:.1f}x |")
print(f"| cif2proto (with oxidation states) | {n} | {b:.1f} | {n/b:.0f} | {pt/b:.1f}x |")
print(f"| pymatgen CifParser | {pn} ({pok} ok) | {pt:.1f} | {int(pn)/pt:.0f} | 1x |")
print(f"\n{summary}")
PY
