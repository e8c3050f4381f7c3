#!/bin/bash
# Oracle: see sine_coulomb_oracle.py (pymatgen / numpy on identical structures).
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
/usr/bin/python3 lib/descriptors/sine_coulomb/sine_coulomb_oracle.py "$DUMP"
