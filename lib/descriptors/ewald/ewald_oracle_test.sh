#!/bin/bash
# Oracle: see ewald_oracle.py (pymatgen / numpy on identical structures).
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
/usr/bin/python3 lib/descriptors/ewald/ewald_oracle.py "$DUMP"
