#!/bin/bash
# Oracle: XRD peaks vs pymatgen XRDCalculator and the smoothed vector vs
# matminer's XRDPowderPattern recipe (scipy gaussian_kde), on identical
# structures; plus the compiled scattering table vs pymatgen's JSON.
set -euo pipefail
source lib/descriptors/common/oracle_common.sh
/usr/bin/python3 lib/descriptors/xrd/xrd_oracle.py "$DUMP" lib/descriptors/xrd/scattering_factors.inc
