"""Reading ionscreen streams: a StreamHeader, then protobuf records
(lib/stream/record_stream.h). Format v2 frames every message as
varint32 length | bytes | CRC-32 of the bytes (zlib.crc32, 4 bytes little
endian); format v1 streams (no checksums) are still read.

The checks and messages follow the C++ RawRecordReader: the header's magic and
record type are checked before the first record, and a truncated or corrupt
stream is an error naming the byte offset and the record index.
"""
import io
import os
import struct
import sys
import zlib

from google.protobuf.message import DecodeError

try:
    from ionscreen._proto.lib.bvse import bvse_pb2
    from ionscreen._proto.lib.cluster import clustering_pb2
    from ionscreen._proto.lib.crystal import crystal_pb2
    from ionscreen._proto.lib.describe import descriptor_pb2
    from ionscreen._proto.lib.score import score_pb2
    from ionscreen._proto.lib.stream import stream_pb2
except ImportError as e:  # pragma: no cover - depends on the checkout
    raise ImportError(
        f"ionscreen: the generated protobuf modules are missing ({e}); in a "
        "source checkout run `bash python/build_pb2.sh` once (Debian's "
        "protobuf-compiler), or build //python:ionscreen with Bazel") from e

MAGIC = "ionscreen-stream-v2"
MAGIC_V1 = "ionscreen-stream-v1"  # read only: frames without checksums
_CRC_BYTES = 4
# As lib/stream: a larger length means the stream is not what it claims.
MAX_RECORD_BYTES = 256 << 20
_CHUNK = 1 << 16

# Full protobuf name -> message class, for every record type a stream holds.
RECORD_TYPES = {
    cls.DESCRIPTOR.full_name: cls
    for cls in (crystal_pb2.Crystal, descriptor_pb2.DescriptorRecord,
                clustering_pb2.Clustering, score_pb2.Score,
                bvse_pb2.BvseResult)
}


class StreamError(ValueError):
    """A stream that cannot be read. `offset` is the byte offset of the record
    (its length prefix) at fault, `record` its 0-based index (None for the
    header)."""

    def __init__(self, message, offset=None, record=None):
        super().__init__(message)
        self.offset = offset
        self.record = record


class NotAStreamError(StreamError):
    """Empty input, or a first record that is not a StreamHeader with the
    ionscreen magic."""


class RecordTypeError(StreamError):
    """The stream holds another record type than the one asked for, or one
    this package does not know."""


class DataLossError(StreamError):
    """Truncated or corrupt length prefix or record."""


def _resolve_type(record_type):
    """A message class from a class, a full name or a short name."""
    if record_type is None:
        return None
    if isinstance(record_type, str):
        if record_type in RECORD_TYPES:
            return RECORD_TYPES[record_type]
        for name, cls in RECORD_TYPES.items():
            if name.rsplit(".", 1)[-1] == record_type:
                return cls
        raise RecordTypeError(
            f"unknown record type {record_type!r}; known: "
            + ", ".join(sorted(RECORD_TYPES)))
    return record_type


class Stream:
    """An open stream: `header` (a StreamHeader, already checked) and an
    iterator over its records. Use as a context manager or exhaust it to
    close the file.

    `source` is a path, "-" (standard input) or a binary file object (not
    closed here). `record_type` (a message class, "Crystal" or
    "ionscreen.crystal.Crystal") makes a stream of another type an error;
    None accepts any type this package knows.
    """

    def __init__(self, source, record_type=None):
        expected = _resolve_type(record_type)
        if isinstance(source, (str, os.PathLike)):
            if os.fspath(source) == "-":
                self.name = "<stdin>"
                self._file, self._owned = sys.stdin.buffer, False
            else:
                self.name = os.fspath(source)
                self._file, self._owned = open(source, "rb"), True
        else:
            self.name = getattr(source, "name", "<stream>")
            self._file, self._owned = source, False
            if isinstance(source, io.TextIOBase):
                raise TypeError(f"{self.name}: open the stream in binary mode ('rb')")
        self._buffer = bytearray()
        self._pos = 0
        self._eof = False
        self.offset = 0          # byte offset of the next length prefix
        self.records_read = 0    # records returned so far
        self.checksummed = False  # set from the header's magic
        try:
            self.header = self._read_header()
            self.record_class = RECORD_TYPES.get(self.header.record_type)
            if expected is not None and self.header.record_type != expected.DESCRIPTOR.full_name:
                raise RecordTypeError(
                    f"{self.name}: stream holds {self.header.record_type} records, "
                    f"expected {expected.DESCRIPTOR.full_name}")
            if self.record_class is None:
                raise RecordTypeError(
                    f"{self.name}: unknown record type {self.header.record_type} "
                    "(this ionscreen package reads "
                    + ", ".join(sorted(RECORD_TYPES)) + ")")
        except BaseException:
            self.close()
            raise

    # -- framing ---------------------------------------------------------
    def _fill(self, need):
        """Buffers at least `need` unread bytes unless the input ends first."""
        while len(self._buffer) - self._pos < need and not self._eof:
            if self._pos and self._pos >= len(self._buffer) // 2:
                del self._buffer[:self._pos]
                self._pos = 0
            chunk = self._file.read(max(need, _CHUNK))
            if not chunk:
                self._eof = True
            else:
                self._buffer += chunk

    def _read_length(self):
        """The next varint32 length, or None at a clean end of stream."""
        value = 0
        for i in range(5):
            self._fill(1)
            if self._pos >= len(self._buffer):
                if i == 0:
                    return None
                raise DataLossError(
                    f"{self.name}: truncated record length at byte {self.offset} "
                    f"(record {self.records_read})", self.offset, self.records_read)
            byte = self._buffer[self._pos]
            self._pos += 1
            value |= (byte & 0x7F) << (7 * i)
            if not byte & 0x80:
                if value > MAX_RECORD_BYTES:
                    raise DataLossError(
                        f"{self.name}: corrupt record length {value} at byte "
                        f"{self.offset} (record {self.records_read}; limit "
                        f"{MAX_RECORD_BYTES})", self.offset, self.records_read)
                self.offset += i + 1
                return value
        raise DataLossError(
            f"{self.name}: corrupt record length (bad varint) at byte "
            f"{self.offset} (record {self.records_read})", self.offset,
            self.records_read)

    def _next_bytes(self, what=None):
        start = self.offset
        if what is None:
            what = f"record at byte {start} (record {self.records_read})"
        length = self._read_length()
        if length is None:
            return None, start
        frame = length + (_CRC_BYTES if self.checksummed else 0)
        self._fill(frame)
        available = len(self._buffer) - self._pos
        if available < length:
            raise DataLossError(
                f"{self.name}: truncated record at byte {start} (record "
                f"{self.records_read}): expected {length} bytes, stream ends "
                f"after {available}", start, self.records_read)
        if available < frame:
            raise DataLossError(
                f"{self.name}: truncated {what}: its checksum is missing "
                f"(stream ends {available - length} bytes after its "
                f"{length}-byte payload)", start, self.records_read)
        data = bytes(self._buffer[self._pos:self._pos + length])
        self._pos += length
        self.offset += length
        if self.checksummed:
            self._check(data, start, what)
        return data, start

    def _check(self, data, start, what):
        (stored,) = struct.unpack_from("<I", self._buffer, self._pos)
        self._pos += _CRC_BYTES
        self.offset += _CRC_BYTES
        computed = zlib.crc32(data) & 0xFFFFFFFF
        if stored != computed:
            raise DataLossError(
                f"{self.name}: corrupt {what}: checksum mismatch in bytes "
                f"{start}..{self.offset - 1} (stored {stored:08x}, computed "
                f"{computed:08x}): the stream was changed after it was written",
                start, None if what == "stream header" else self.records_read)

    def _read_header(self):
        self._fill(1)
        if not self._buffer:
            raise NotAStreamError(
                f"{self.name}: empty stream: no ionscreen stream header (did the "
                "upstream tool fail?)", 0, None)
        header = stream_pb2.StreamHeader()
        try:
            data, _ = self._next_bytes("stream header")
            if data is None:
                raise DecodeError("no header")
            header.ParseFromString(data)
        except (DataLossError, DecodeError):
            data = None
        if data is None or header.magic not in (MAGIC, MAGIC_V1):
            raise NotAStreamError(
                f"{self.name}: not an ionscreen stream (missing or wrong magic at "
                f"byte 0; expected a header with magic \"{MAGIC}\")", 0, None)
        if header.magic == MAGIC:
            self._fill(_CRC_BYTES)
            if len(self._buffer) - self._pos < _CRC_BYTES:
                raise DataLossError(
                    f"{self.name}: truncated stream header: its checksum is "
                    "missing", 0, None)
            self._check(data, 0, "stream header")
            self.checksummed = True
        return header

    # -- records ---------------------------------------------------------
    def __iter__(self):
        return self

    def __next__(self):
        return self.next_with_bytes()[0]

    def next_with_bytes(self):
        """The next record and its serialised bytes (StopIteration at the
        end), for callers that decode some fields faster from the bytes."""
        if self._file is None:
            raise StopIteration
        try:
            data, start = self._next_bytes()
        except BaseException:
            self.close()
            raise
        if data is None:
            self.close()
            raise StopIteration
        record = self.record_class()
        try:
            record.ParseFromString(data)
        except DecodeError:
            self.close()
            raise DataLossError(
                f"{self.name}: corrupt record at byte {start} (record "
                f"{self.records_read}): not a valid {self.header.record_type}",
                start, self.records_read) from None
        self.records_read += 1
        return record, data

    def close(self):
        f = getattr(self, "_file", None)
        if f is not None and self._owned:
            f.close()
        self._file = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def read(source, record_type=None):
    """Opens an ionscreen stream and checks its header; iterate over the
    result for the records (`.header` holds the StreamHeader).

        for crystal in ionscreen.read("mp.crystals"):
            print(crystal.id, crystal.reduced_formula)

    Raises NotAStreamError, RecordTypeError (both at once) or DataLossError
    (while iterating), all StreamError (a ValueError) naming the byte offset.
    """
    return Stream(source, record_type)


def read_header(source):
    """The checked StreamHeader of a stream (records are not read)."""
    with Stream(source) as s:
        return s.header


def write(destination, records, record_type=None, header=None):
    """Writes records as an ionscreen stream (for tests and small tools; the
    C++ tools are the writers of record). `destination` is a path or a binary
    file object; `header` a StreamHeader whose magic and record type are set
    here. Map fields are serialised deterministically, as the C++ writer."""
    records = list(records)
    cls = _resolve_type(record_type) or (type(records[0]) if records else None)
    if cls is None:
        raise ValueError("write: no records and no record_type")
    h = stream_pb2.StreamHeader()
    if header is not None:
        h.CopyFrom(header)
    h.magic = MAGIC
    h.record_type = cls.DESCRIPTOR.full_name

    def frame(message):
        data = message.SerializeToString(deterministic=True)
        n, prefix = len(data), bytearray()
        while True:
            byte = n & 0x7F
            n >>= 7
            prefix.append(byte | (0x80 if n else 0))
            if not n:
                return (bytes(prefix) + data
                        + struct.pack("<I", zlib.crc32(data) & 0xFFFFFFFF))

    out = open(destination, "wb") if isinstance(destination, (str, os.PathLike)) else destination
    try:
        out.write(frame(h))
        for r in records:
            if not isinstance(r, cls):
                raise TypeError(f"write: a {type(r).__name__} in a stream of {cls.__name__}")
            out.write(frame(r))
    finally:
        if out is not destination:
            out.close()
