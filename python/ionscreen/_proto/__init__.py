"""Generated protobuf modules (lib/<concept>/<name>_pb2.py).

Written by `bash python/build_pb2.sh` in a source checkout (gitignored), or by
Bazel's //python:pb2 rule beside this file in the runfiles tree.
"""
