#!/bin/bash
# Oracle: SOAP of the 48 ordered OBELiX structures of
# $SHARED_DIR/oracle/soap/obelix_ordered.jsonl (DScribe 1.2.2) to 1e-6
# relative, plus invariance checks on these real structures. The structures
# are read with Debian's pymatgen exactly as the oracle read them.
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
# Paths from the runfiles root, like oracle_common.sh's.
script="lib/descriptors/soap/dump_structures.py"
check="lib/descriptors/soap/soap_obelix_check"
out="${TEST_TMPDIR:-$(mktemp -d)}/obelix_structures.jsonl"
/usr/bin/python3 "$script" "$SHARED_DIR/oracle/soap/obelix_ordered.jsonl" \
  "$SHARED_DIR/data" "$out"
STRUCTURES_JSONL="$out" "$check"
