#!/bin/bash
# Oracle on real CIFs: lib/cif + descriptors vs pymatgen's CifParser + pymatgen.
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
/usr/bin/python3 lib/descriptors/common/cif_oracle.py "$DUMP"
