#!/bin/bash
# Oracle: see rdf_oracle.py (pymatgen / numpy on identical structures).
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
/usr/bin/python3 lib/descriptors/rdf/rdf_oracle.py "$DUMP"
