#!/bin/bash
# The Python package's unit tests (python/ionscreen/ionscreen_test.py) under
# Debian's /usr/bin/python3, with the Bazel-generated _pb2 modules.
set -euo pipefail
export PYTHONPATH="$(pwd)/python" PYTHONDONTWRITEBYTECODE=1
exec /usr/bin/python3 python/ionscreen/ionscreen_test.py \
  tools/cif2proto tools/records python/testdata
