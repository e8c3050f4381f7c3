// Typed record streams: a StreamHeader, then records. Format v2 (magic
// "ionscreen-stream-v2"): every frame, the header's included, is
//   varint32 length | protobuf bytes | CRC-32 of those bytes (4 bytes, LE)
// (the CRC is zlib's crc32, as Python's zlib.crc32). A flipped byte in a
// record is a checksum mismatch, not a different valid record
// (docs/decisions.md "Stream format v2"). Format v1 streams (magic
// "ionscreen-stream-v1", the same frames without checksums: protobuf's
// delimited_message_util) are still read, unchecked; writers write v2.
//
// Errors are distinct absl::Status codes with the byte offset:
//   empty input (no header)          -> InvalidArgument "empty stream"
//   wrong magic                      -> InvalidArgument "not an ionscreen stream"
//   header checksum mismatch         -> DataLoss "corrupt stream header"
//   wrong record type                -> FailedPrecondition "holds X records"
//   truncated length or record       -> DataLoss "truncated ... at byte N"
//   garbage length (> kMaxRecordBytes, bad varint) -> DataLoss "corrupt length"
//   checksum mismatch                -> DataLoss "corrupt record ... checksum"
//   record that does not parse       -> DataLoss "corrupt record"
//   write failure (closed pipe, disk full) -> Unavailable from Write/Close
#ifndef IONSCREEN_LIB_STREAM_RECORD_STREAM_H_
#define IONSCREEN_LIB_STREAM_RECORD_STREAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "lib/base/status_macros.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::stream {

// Written by every writer; read with per-frame checksums.
inline constexpr absl::string_view kMagic = "ionscreen-stream-v2";
// Read only (no checksums): streams written before format v2.
inline constexpr absl::string_view kMagicV1 = "ionscreen-stream-v1";
inline constexpr size_t kChecksumBytes = 4;
// Far above any real record (a 1,557-feature descriptor is ~13 kB); a larger
// length means the stream is not what it claims to be.
inline constexpr uint32_t kMaxRecordBytes = 256u << 20;

// Untyped reader: header check and framing. Use RecordReader<T>.
class RawRecordReader {
 public:
  // Reads and checks the header; `record_type` empty accepts any type.
  static absl::StatusOr<std::unique_ptr<RawRecordReader>> Open(
      std::unique_ptr<ByteSource> source, absl::string_view record_type);

  const StreamHeader& header() const { return header_; }
  const std::string& name() const { return source_->name(); }
  // False for a format v1 stream (frames without checksums).
  bool checksummed() const { return checksummed_; }
  // Byte offset of the next record's length prefix.
  uint64_t offset() const { return offset_; }
  // Index (0-based) of the next record.
  uint64_t records_read() const { return records_read_; }

  // Next record's bytes. Returns false at a clean end of stream.
  absl::StatusOr<bool> NextBytes(std::string* bytes);
  // Parses the next record into `message` (cleared first).
  absl::StatusOr<bool> Next(google::protobuf::MessageLite* message);

 private:
  explicit RawRecordReader(std::unique_ptr<ByteSource> source)
      : source_(std::move(source)) {}
  absl::Status Fill(size_t need);
  // Reads a varint32; returns false on clean EOF before the first byte.
  absl::StatusOr<bool> ReadLength(uint32_t* length);
  // The next frame's payload (and, when checksummed_, its checked CRC).
  // `what` names it in messages ("record" or "stream header").
  absl::StatusOr<bool> NextFrame(std::string* bytes, bool header);

  std::unique_ptr<ByteSource> source_;
  bool checksummed_ = true;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool eof_ = false;
  uint64_t offset_ = 0;
  uint64_t records_read_ = 0;
  StreamHeader header_;
};

template <typename T>
class RecordReader {
 public:
  static absl::StatusOr<std::unique_ptr<RecordReader<T>>> Open(
      std::unique_ptr<ByteSource> source) {
    ASSIGN_OR_RETURN(
        std::unique_ptr<RawRecordReader> raw,
        RawRecordReader::Open(std::move(source), T::descriptor()->full_name()));
    return std::unique_ptr<RecordReader<T>>(new RecordReader<T>(std::move(raw)));
  }
  const StreamHeader& header() const { return raw_->header(); }
  const std::string& name() const { return raw_->name(); }
  uint64_t records_read() const { return raw_->records_read(); }
  uint64_t offset() const { return raw_->offset(); }
  // Returns true and fills `record`, false at a clean end, or an error.
  absl::StatusOr<bool> Next(T* record) { return raw_->Next(record); }

 private:
  explicit RecordReader(std::unique_ptr<RawRecordReader> raw)
      : raw_(std::move(raw)) {}
  std::unique_ptr<RawRecordReader> raw_;
};

// CRC-32 (zlib's crc32) of a frame's payload.
uint32_t FrameChecksum(absl::string_view payload);
// Appends one format v2 frame (length, payload, checksum) to `out`.
void AppendFrame(absl::string_view payload, std::string* out);

// Untyped writer: writes the header on Open (its magic set to kMagic), then
// framed records.
class RawRecordWriter {
 public:
  static absl::StatusOr<std::unique_ptr<RawRecordWriter>> Open(
      std::unique_ptr<ByteSink> sink, StreamHeader header);
  absl::Status Write(const google::protobuf::MessageLite& message);
  // Writes an already serialised record (records --concat copies bytes).
  absl::Status WriteBytes(absl::string_view payload);
  // Flushes; reports any write failure. Must be called; the destructor
  // cannot report errors.
  absl::Status Close();
  uint64_t records_written() const { return records_written_; }

 private:
  explicit RawRecordWriter(std::unique_ptr<ByteSink> sink)
      : sink_(std::move(sink)) {}
  absl::Status WriteFrame(const google::protobuf::MessageLite& message);
  std::unique_ptr<ByteSink> sink_;
  uint64_t records_written_ = 0;
  std::string scratch_;
};

template <typename T>
class RecordWriter {
 public:
  // `header.record_type` and `header.magic` are filled in here.
  static absl::StatusOr<std::unique_ptr<RecordWriter<T>>> Open(
      std::unique_ptr<ByteSink> sink, StreamHeader header) {
    header.set_record_type(T::descriptor()->full_name());
    ASSIGN_OR_RETURN(std::unique_ptr<RawRecordWriter> raw,
                     RawRecordWriter::Open(std::move(sink), header));
    return std::unique_ptr<RecordWriter<T>>(new RecordWriter<T>(std::move(raw)));
  }
  absl::Status Write(const T& record) { return raw_->Write(record); }
  absl::Status Close() { return raw_->Close(); }
  uint64_t records_written() const { return raw_->records_written(); }

 private:
  explicit RecordWriter(std::unique_ptr<RawRecordWriter> raw)
      : raw_(std::move(raw)) {}
  std::unique_ptr<RawRecordWriter> raw_;
};

// Serialises with map fields in key order (byte-identical across runs).
std::string SerializeDeterministic(const google::protobuf::MessageLite& m);

// A header for a stream derived from `upstream` (may be null): copies its
// provenance and appends `step`. Parameters and labels are not inherited.
StreamHeader DerivedHeader(const StreamHeader* upstream, ProvenanceStep step);

// Reads a whole stream of T into memory.
template <typename T>
absl::StatusOr<std::vector<T>> ReadAllRecords(RecordReader<T>& reader) {
  std::vector<T> out;
  while (true) {
    T record;
    ASSIGN_OR_RETURN(const bool more, reader.Next(&record));
    if (!more) break;
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace ionscreen::stream

#endif  // IONSCREEN_LIB_STREAM_RECORD_STREAM_H_
