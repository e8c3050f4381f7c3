#!/bin/bash
# Benchmark (not a test): `describe --descriptor=soap` over the shared corpus
# (MP + OBELiX CIFs), 1 and 2 threads, on
#   - the CAN simplification with the paper's settings (species Mg,Al,S,
#     rcut 3, nmax 5, lmax 3, sigma 1, outer average, crossover), and
#   - the original structures (species = every element present, collected
#     by Prepare; crossover=false to keep the vector small).
# Prints a Markdown table of structures/s. No DScribe on these machines, so
# no side-by-side comparison (accuracy is covered by soap_obelix_oracle_test).
# Usage: bash bench/soap_bench.sh [N_FILES]   (default: all files)
# Env: BAZEL_OUTPUT_BASE (optional) selects a bazel output base.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"; cd "$repo"
shared="${SHARED_DIR:-$repo/../shared}"
[ -d "$shared/data/mp/cif" ] || { echo "needs the shared data set ($shared); set SHARED_DIR" >&2; exit 1; }
bazel_cmd=(bazel)
[ -n "${BAZEL_OUTPUT_BASE:-}" ] && bazel_cmd=(bazel "--output_base=$BAZEL_OUTPUT_BASE")
"${bazel_cmd[@]}" build -c opt //tools:cif2proto //tools:simplify //tools:describe >/dev/null 2>&1
bin="$("${bazel_cmd[@]}" info -c opt bazel-bin 2>/dev/null)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
{ ls -d "$shared"/data/mp/cif/*.cif; ls -d "$shared"/data/obelix/cifs/*.cif; } > "$tmp/all.txt"
n="${1:-$(wc -l < "$tmp/all.txt")}"
head -n "$n" "$tmp/all.txt" > "$tmp/files.txt"

"$bin/tools/cif2proto" --quiet --keep_going --files_from="$tmp/files.txt" > "$tmp/ox.pb" 2> "$tmp/err_ox"
"$bin/tools/simplify" --scheme=CAN --keep_going < "$tmp/ox.pb" > "$tmp/can.pb" 2> "$tmp/err_can"
"$bin/tools/cif2proto" --quiet --oxidation=none --keep_going --files_from="$tmp/files.txt" > "$tmp/orig.pb" 2> "$tmp/err_orig"

# run NAME INPUT THREADS ARGS... -> "name threads records seconds"
run() {
  local name="$1" input="$2" threads="$3"; shift 3
  local t0 t1
  t0=$(date +%s.%N)
  "$bin/tools/describe" --descriptor=soap --threads="$threads" --keep_going "$@" "$input" \
    > "$tmp/out.pb" 2> "$tmp/err_run"
  t1=$(date +%s.%N)
  local written
  written=$(grep -o 'written [0-9]*\|[0-9]* written' "$tmp/err_run" | grep -o '[0-9]*' | tail -1 || true)
  echo "$name $threads ${written:-?} $t0 $t1"
}
{
  run "CAN (species Mg,Al,S; paper settings)" "$tmp/can.pb" 1 --species=Mg,Al,S
  run "CAN (species Mg,Al,S; paper settings)" "$tmp/can.pb" 2 --species=Mg,Al,S
  run "original (all species, crossover=false)" "$tmp/orig.pb" 1 --crossover=false
  run "original (all species, crossover=false)" "$tmp/orig.pb" 2 --crossover=false
} > "$tmp/runs.txt"
/usr/bin/python3 - "$tmp/runs.txt" "$n" <<'PY'
import sys
rows = [l.rsplit(" ", 4) for l in open(sys.argv[1]) if l.strip()]
print(f"SOAP over {sys.argv[2]} CIF files (load average matters: the numbers are wall time)\n")
print("| input | threads | structures | seconds | structures/s |")
print("|---|---|---|---|---|")
for name, threads, n, t0, t1 in rows:
    s = float(t1) - float(t0)
    rate = f"{int(n)/s:.0f}" if n.isdigit() else "?"
    print(f"| {name} | {threads} | {n} | {s:.1f} | {rate} |")
PY
