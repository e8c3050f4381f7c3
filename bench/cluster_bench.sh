#!/bin/bash
# Benchmark (not a test): `cluster` Ward vs scipy.cluster.hierarchy.linkage
# (Debian /usr/bin/python3) on the same matrices, in the same run.
# Prints wall time and peak RSS of each, the ratios, and whether the trees
# are the same (same merges and sizes, heights to 1e-12 relative).
#
# Usage: bench/cluster_bench.sh [N ...]        (default: 20000)
#   env D=480 (dimension), THREADS=2, ALGO=matrix|vector|auto (ours),
#   MATRIX_MB=4000 (--matrix_memory_mb: N = 20,000 needs 3,052 MB for the
#   full matrix), KERNEL=auto|gemm|exact (--distance_kernel),
#   CENTROIDS=false (true adds k*D centroids for every k, which scipy does
#   not compute), K=2:300, WORK=/tmp/cluster_bench.
# Data: seeded, SOAP-like (non-negative, 80 centres with a common positive
# offset plus non-negative noise), i.e. synthetic; N=22000 is the
# full-corpus size. scipy at N = 20,000 takes ~2-3 min and ~3 GB.
# Builds //tools:cluster and the test converter with the shared output base.
set -euo pipefail
cd "$(dirname "$0")/.."
CENTROIDS=${CENTROIDS:-false}; D=${D:-480}; THREADS=${THREADS:-2}; ALGO=${ALGO:-matrix}; K=${K:-2:300}
MATRIX_MB=${MATRIX_MB:-4000}; KERNEL=${KERNEL:-auto}
WORK=${WORK:-/tmp/cluster_bench}; mkdir -p "$WORK"
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(20000)
BAZEL="bazel --output_base=${BAZEL_OUTPUT_BASE:-/root/.cache/bazel-cluster}"
$BAZEL build -c opt //tools:cluster //tests/cluster:tsv_to_descriptors >&2
BIN=$($BAZEL info -c opt bazel-bin 2>/dev/null)

peak() { grep "Maximum resident" "$1" | awk '{print $NF}'; }   # kB
wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}' | \
  awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }

printf "%7s %5s | %9s %10s | %9s %10s | %7s %7s\n" N D ours_s ours_MB \
  scipy_s scipy_MB t_ratio mem_ratio
for N in "${SIZES[@]}"; do
  M="$WORK/soaplike_${N}_${D}.tsv"
  [ -f "$M" ] || /usr/bin/python3 - "$M" "$N" "$D" <<'PY'
import sys, numpy as np
out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(n)
c = 1 + np.abs(rng.normal(size=(80, d))) * 2
x = c[rng.integers(0, 80, n)] + np.abs(rng.normal(size=(n, d))) * 0.5
np.savetxt(out, x, delimiter="\t", fmt="%.17g")
PY
  "$BIN/tests/cluster/tsv_to_descriptors" "$M" > "$WORK/in_$N.pb"
  /usr/bin/time -v "$BIN/tools/cluster" --ward_algorithm="$ALGO" --quiet \
    --matrix_memory_mb="$MATRIX_MB" --distance_kernel="$KERNEL" \
    --threads="$THREADS" --k="$K" --centroids="$CENTROIDS" --linkage_tsv="$WORK/ours_$N.tsv" \
    "$WORK/in_$N.pb" > "$WORK/out_$N.pb" 2> "$WORK/ours_$N.time"
  # scipy: the same work (linkage + every fcluster cut), data loaded first
  # so that both sides include reading their input.
  /usr/bin/time -v /usr/bin/python3 - "$M" "$K" "$WORK/scipy_$N.tsv" \
    2> "$WORK/scipy_$N.time" <<'PY'
import sys, numpy as np
from scipy.cluster.hierarchy import linkage, fcluster
x = np.loadtxt(sys.argv[1])
lo, hi = map(int, sys.argv[2].split(":"))
z = linkage(x, method="ward")
for k in range(lo, hi + 1):
    fcluster(z, k, criterion="maxclust")
np.savetxt(sys.argv[3], z, fmt="%.17g")
PY
  ot=$(wall "$WORK/ours_$N.time"); om=$(peak "$WORK/ours_$N.time")
  st=$(wall "$WORK/scipy_$N.time"); sm=$(peak "$WORK/scipy_$N.time")
  same=$(/usr/bin/python3 -c "
import numpy as np
a=np.loadtxt('$WORK/ours_$N.tsv',skiprows=1); b=np.loadtxt('$WORK/scipy_$N.tsv')
print('same-tree' if (a[:,[0,1,3]]==b[:,[0,1,3]]).all() and
      np.allclose(a[:,2],b[:,2],rtol=1e-12,atol=0) else 'DIFFERENT')")
  awk -v n="$N" -v d="$D" -v ot="$ot" -v om="$om" -v st="$st" -v sm="$sm" \
      -v same="$same" 'BEGIN { printf "%7d %5d | %9.2f %10.1f | %9.2f %10.1f | %7.2f %7.3f  %s\n",
      n, d, ot, om/1024, st, sm/1024, ot/st, om/sm, same }'
done
echo "t_ratio = ours/scipy time, mem_ratio = ours/scipy peak RSS (< 1 is better)"
