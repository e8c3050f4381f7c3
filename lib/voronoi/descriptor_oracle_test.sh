#!/bin/bash
# Runs descriptor_oracle.py NAME with Debian's Python (pymatgen).
set -euo pipefail
dir="$(dirname "$0")"
[ -f "$dir/descriptor_oracle.py" ] || dir="lib/voronoi"
export PYTHONPATH="$dir"
exec /usr/bin/python3 "$dir/descriptor_oracle.py" "$@"
