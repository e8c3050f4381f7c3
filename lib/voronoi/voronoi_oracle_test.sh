#!/bin/bash
# Runs the pymatgen VoronoiNN oracle (see voronoi_oracle.py) with Debian's
# Python, which has pymatgen (the python3 on PATH may not).
set -euo pipefail
dir="$(dirname "$0")"
[ -f "$dir/voronoi_oracle.py" ] || dir="lib/voronoi"
export PYTHONPATH="$dir"
exec /usr/bin/python3 "$dir/voronoi_oracle.py"
