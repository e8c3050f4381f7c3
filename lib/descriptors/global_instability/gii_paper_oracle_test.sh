#!/bin/bash
# Runs gii_paper_oracle.py with Debian's Python (pymatgen); the probe helpers
# live in lib/voronoi.
set -euo pipefail
dir="$(dirname "$0")"
[ -f "$dir/gii_paper_oracle.py" ] || dir="lib/descriptors/global_instability"
voronoi="$dir/../../voronoi"
[ -f "$voronoi/probe_common.py" ] || voronoi="lib/voronoi"
export PYTHONPATH="$dir:$voronoi"
exec /usr/bin/python3 "$dir/gii_paper_oracle.py" "$@"
