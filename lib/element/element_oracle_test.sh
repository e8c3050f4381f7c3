#!/bin/bash
# Oracle: every mass, electronegativity and Mendeleev number in the compiled
# table equals pymatgen's Element data (Debian python3-pymatgen) at test time.
set -euo pipefail
inc="$(dirname "$0")/element_data.inc"
[ -f "$inc" ] || inc="lib/element/element_data.inc"
/usr/bin/python3 - "$inc" <<'PY'
import math, re, sys
from pymatgen.core import Element
bad = 0
n = 0
for line in open(sys.argv[1]):
    m = re.match(r'\{(\d+), "(\w+)", "[^"]*", ([^,]+), ([^,]+),', line)
    if not m:
        continue
    z, sym, mass, x = int(m.group(1)), m.group(2), m.group(3), m.group(4)
    e = Element(sym)
    n += 1
    if e.Z != z or abs(float(e.atomic_mass) - float(mass)) > 1e-6:
        print("mismatch mass", sym); bad += 1
    px = e.X
    if x == "kNaN":
        if not math.isnan(px): print("mismatch X", sym); bad += 1
    elif abs(px - float(x)) > 1e-9:
        print("mismatch X", sym, px, x); bad += 1
print(f"{n} elements checked against pymatgen, {bad} mismatches")
sys.exit(1 if bad or n != 103 else 0)
PY
