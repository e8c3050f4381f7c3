"""ionscreen from Python: read streams, convert crystals, tabulate results.

    import ionscreen
    for crystal in ionscreen.read("mp.crystals"):          # header checked
        structure = ionscreen.to_pymatgen(crystal)          # disorder kept
    df = ionscreen.to_dataframe("can.soap")                 # pandas

Needs Debian's python3-protobuf (and pymatgen, ASE, pandas for the
converters that use them, imported on first use). Setup from a source
checkout: `bash python/build_pb2.sh && export PYTHONPATH=$PWD/python`.
"""
try:
    import google.protobuf  # noqa: F401
except ImportError as e:  # pragma: no cover
    raise ImportError(
        "ionscreen needs Debian's python3-protobuf; run it with /usr/bin/python3 "
        "(a pyenv or venv python3 first on PATH cannot import Debian's packages)") from e

from ionscreen.convert import dominant_occupant, to_ase, to_pymatgen
from ionscreen.frames import to_dataframe
from ionscreen.stream import (MAGIC, RECORD_TYPES, DataLossError, NotAStreamError,
                              RecordTypeError, Stream, StreamError, read, read_header,
                              write)
from ionscreen.stream import bvse_pb2, clustering_pb2, crystal_pb2, descriptor_pb2
from ionscreen.stream import score_pb2, stream_pb2

__all__ = [
    "read", "read_header", "write", "to_pymatgen", "to_ase", "to_dataframe",
    "dominant_occupant", "Stream", "StreamError", "NotAStreamError",
    "RecordTypeError", "DataLossError", "MAGIC", "RECORD_TYPES",
    "crystal_pb2", "descriptor_pb2", "clustering_pb2", "score_pb2", "bvse_pb2",
    "stream_pb2",
]
