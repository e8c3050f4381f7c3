#!/bin/bash
# Generates ionscreen's Python protobuf modules with Debian's protoc, so that
# `import ionscreen` works from a source checkout:
#
#   bash python/build_pb2.sh && export PYTHONPATH=$PWD/python
#
# writes python/ionscreen/_proto/lib/<concept>/<name>_pb2.py (gitignored).
# Bazel runs the same script in //python:pb2 with its own output directory.
# usage: build_pb2.sh [OUT_DIR [PROTOC]]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$repo/python/ionscreen/_proto}"
protoc="${2:-/usr/bin/protoc}"
# Every record type a stream can hold (as lib/records/record_types.cc).
protos=(
  lib/stream/stream.proto
  lib/crystal/crystal.proto
  lib/describe/descriptor.proto
  lib/cluster/clustering.proto
  lib/score/score.proto
  lib/bvse/bvse.proto
)
if [ ! -x "$protoc" ] && ! command -v "$protoc" >/dev/null; then
  echo "build_pb2: $protoc not found: install Debian's protobuf-compiler (tools/setup.sh)" >&2
  exit 1
fi
mkdir -p "$out"
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
cd "$repo"
"$protoc" -I. --python_out="$out" "${protos[@]}"
