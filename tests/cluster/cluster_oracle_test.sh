#!/bin/bash
# `cluster` vs scipy.cluster.hierarchy.linkage + fcluster(maxclust) computed
# now by Debian's scipy (/usr/bin/python3), on real descriptor matrices:
#   * the oracle CAN-SOAP matrix (72 x 480) and its stored scipy linkage;
#   * element-fraction vectors of ~2,200 MP structures (many exact
#     duplicates, hence tied heights);
#   * a seeded 3000 x 260 Gaussian mixture for the O(N*D) Ward chain.
# Tolerances (in cluster_oracle.py): heights 1e-9 relative, pairs, sizes and
# partitions identical.
set -euo pipefail
if [ -z "${SHARED_DIR:-}" ] || [ ! -d "$SHARED_DIR/oracle/ward" ]; then
  echo "FAIL: SHARED_DIR is not set or lacks oracle/ward (see .bazelrc.shared)" >&2
  exit 1
fi
CLUSTER=tools/cluster
CONVERT=tests/cluster/tsv_to_descriptors
PY="/usr/bin/python3 tests/cluster/cluster_oracle.py"
T="${TEST_TMPDIR:-$(mktemp -d)}"
ORACLE="$SHARED_DIR/oracle/ward"
fail=0

run() {  # run MATRIX NAME METHOD METRIC STD [REF] -- extra cluster flags
  local matrix=$1 name=$2 method=$3 metric=$4 std=$5 ref=$6; shift 6
  local stdflag=""; [ "$std" = 1 ] && stdflag="--standardize"
  "$CLUSTER" --linkage="$method" --metric="$metric" $stdflag "$@" \
    --linkage_tsv="$T/$name.linkage.tsv" \
    --assignments_tsv="$T/$name.assign.tsv" "$T/$name.pb" > "$T/$name.out.pb"
  $PY compare "$matrix" "$T/$name.linkage.tsv" "$T/$name.assign.tsv" \
    "$method" "$metric" "$std" $ref || fail=1
}

"$CONVERT" "$ORACLE/can_soap_matrix.tsv" > "$T/soap.pb"
run "$ORACLE/can_soap_matrix.tsv" soap ward euclidean 0 \
  "$ORACLE/scipy_ward_linkage.tsv" --k=2:72 --ward_algorithm=vector
run "$ORACLE/can_soap_matrix.tsv" soap ward euclidean 0 \
  "$ORACLE/scipy_ward_linkage.tsv" --k=2:60 --ward_algorithm=matrix
run "$ORACLE/can_soap_matrix.tsv" soap ward euclidean 0 "" --k=2:40 --threads=1 \
  --ward_algorithm=vector
run "$ORACLE/can_soap_matrix.tsv" soap ward euclidean 1 "" --k=2:40 \
  --ward_algorithm=vector
for m in average complete single; do
  for metric in euclidean manhattan cosine; do
    run "$ORACLE/can_soap_matrix.tsv" soap $m $metric 0 "" --k=2:40
  done
done

$PY make_mp_matrix "$SHARED_DIR" "$T/mp.tsv" "$T/mp_ids.tsv" 10
"$CONVERT" "$T/mp.tsv" "$T/mp_ids.tsv" > "$T/mp.pb"
# Auto picks the bit-exact matrix at this size: identical despite 196 tied
# non-zero heights.
run "$T/mp.tsv" mp ward euclidean 0 "" --k=2:300
# The GEMM-filled matrix (auto's choice from n = 4096): the same trees. On
# this mp matrix GEMM rounding meets near ties between distinct rational
# rows, so the chain reruns on exact distances (see lib/cluster/linkage.h).
run "$T/mp.tsv" mp ward euclidean 0 "" --k=2:300 --ward_algorithm=matrix \
  --distance_kernel=gemm
run "$ORACLE/can_soap_matrix.tsv" soap ward euclidean 0 \
  "$ORACLE/scipy_ward_linkage.tsv" --k=2:60 --ward_algorithm=matrix \
  --distance_kernel=gemm

# The O(N*D) chain on a continuous 3000 x 260 matrix (a Gaussian mixture,
# fixed seed), 2 threads, with some exact duplicate rows.
$PY make_blobs "$T/blobs.tsv" 3000 260
"$CONVERT" "$T/blobs.tsv" > "$T/blobs.pb"
run "$T/blobs.tsv" blobs ward euclidean 0 "" --k=2:300 --ward_algorithm=vector
run "$T/blobs.tsv" blobs ward euclidean 0 "" --k=2:300 --ward_algorithm=matrix \
  --distance_kernel=gemm
run "$T/mp.tsv" mp average cosine 0 "" --k=2:100
run "$T/mp.tsv" mp single euclidean 0 "" --k=2:100

[ $fail = 0 ] && echo PASS || echo FAIL
exit $fail
