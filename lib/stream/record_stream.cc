#include "lib/stream/record_stream.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lib/base/status_macros.h"
#include "zlib.h"

namespace ionscreen::stream {

absl::Status RawRecordReader::Fill(size_t need) {
  // Keeps at least `need` unread bytes buffered unless EOF comes first.
  while (buffer_.size() - buffer_pos_ < need && !eof_) {
    if (buffer_pos_ > 0 && buffer_pos_ >= buffer_.size() / 2) {
      buffer_.erase(0, buffer_pos_);
      buffer_pos_ = 0;
    }
    size_t old = buffer_.size();
    // Grow with the data actually read (at most 1 MiB per read): a corrupt
    // length of up to kMaxRecordBytes must not allocate that much before
    // the stream turns out shorter (found by fuzzing: a 340-byte input
    // allocated 95 MB). std::string grows geometrically, so a real large
    // record still costs O(length).
    const size_t have = buffer_.size() - buffer_pos_;
    size_t chunk = std::min<size_t>(std::max<size_t>(need - have, 1 << 16), 1 << 20);
    buffer_.resize(old + chunk);
    ASSIGN_OR_RETURN(size_t got, source_->Read(&buffer_[old], chunk));
    buffer_.resize(old + got);
    if (got == 0) eof_ = true;
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> RawRecordReader::ReadLength(uint32_t* length) {
  uint64_t value = 0;
  for (int i = 0; i < 5; ++i) {
    RETURN_IF_ERROR(Fill(1));
    if (buffer_pos_ >= buffer_.size()) {
      if (i == 0) return false;
      return absl::DataLossError(absl::StrCat(
          name(), ": truncated record length at byte ", offset_,
          " (record ", records_read_, ")"));
    }
    uint8_t byte = static_cast<uint8_t>(buffer_[buffer_pos_++]);
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (value > kMaxRecordBytes) {
        return absl::DataLossError(absl::StrCat(
            name(), ": corrupt record length ", value, " at byte ", offset_,
            " (record ", records_read_, "; limit ", kMaxRecordBytes, ")"));
      }
      *length = static_cast<uint32_t>(value);
      offset_ += i + 1;
      return true;
    }
  }
  return absl::DataLossError(absl::StrCat(name(),
                                          ": corrupt record length (bad varint) "
                                          "at byte ",
                                          offset_, " (record ", records_read_,
                                          ")"));
}

absl::StatusOr<bool> RawRecordReader::NextFrame(std::string* bytes,
                                                bool header) {
  const uint64_t start = offset_;
  const std::string what =
      header ? std::string("stream header")
             : absl::StrCat("record at byte ", start, " (record ",
                            records_read_, ")");
  uint32_t length = 0;
  ASSIGN_OR_RETURN(bool more, ReadLength(&length));
  if (!more) return false;
  const size_t frame = length + (checksummed_ ? kChecksumBytes : 0);
  RETURN_IF_ERROR(Fill(frame));
  size_t available = buffer_.size() - buffer_pos_;
  if (available < length) {
    return absl::DataLossError(absl::StrCat(
        name(), ": truncated record at byte ", start, " (record ",
        records_read_, "): expected ", length, " bytes, stream ends after ",
        available));
  }
  if (available < frame) {
    return absl::DataLossError(absl::StrCat(
        name(), ": truncated ", what, ": its checksum is missing (stream ends ",
        available - length, " bytes after its ", length, "-byte payload)"));
  }
  bytes->assign(buffer_, buffer_pos_, length);
  buffer_pos_ += length;
  offset_ += length;
  if (checksummed_) {
    const auto* p =
        reinterpret_cast<const unsigned char*>(buffer_.data() + buffer_pos_);
    const uint32_t stored = static_cast<uint32_t>(p[0]) |
                            static_cast<uint32_t>(p[1]) << 8 |
                            static_cast<uint32_t>(p[2]) << 16 |
                            static_cast<uint32_t>(p[3]) << 24;
    buffer_pos_ += kChecksumBytes;
    offset_ += kChecksumBytes;
    const uint32_t computed = FrameChecksum(*bytes);
    if (stored != computed) {
      return absl::DataLossError(absl::StrFormat(
          "%s: corrupt %s: checksum mismatch in bytes %d..%d (stored %08x, "
          "computed %08x): the stream was changed after it was written",
          name(), header ? "stream header" : what, start, offset_ - 1,
          stored, computed));
    }
  }
  return true;
}

absl::StatusOr<bool> RawRecordReader::NextBytes(std::string* bytes) {
  ASSIGN_OR_RETURN(bool more, NextFrame(bytes, /*header=*/false));
  if (more) ++records_read_;
  return more;
}

absl::StatusOr<bool> RawRecordReader::Next(
    google::protobuf::MessageLite* message) {
  uint64_t start = offset_;
  std::string bytes;
  ASSIGN_OR_RETURN(bool more, NextBytes(&bytes));
  if (!more) return false;
  message->Clear();
  if (!message->ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat(
        name(), ": corrupt record at byte ", start, " (record ",
        records_read_ - 1, "): not a valid ", message->GetTypeName()));
  }
  return true;
}

absl::StatusOr<std::unique_ptr<RawRecordReader>> RawRecordReader::Open(
    std::unique_ptr<ByteSource> source, absl::string_view record_type) {
  std::unique_ptr<RawRecordReader> reader(
      new RawRecordReader(std::move(source)));
  RETURN_IF_ERROR(reader->Fill(1));
  if (reader->buffer_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        reader->name(), ": empty stream: no ionscreen stream header "
                        "(did the upstream tool fail?)"));
  }
  // The header's payload first (its checksum, in v2, follows it): the
  // magic says which format the frames have.
  reader->checksummed_ = false;
  std::string bytes;
  absl::StatusOr<bool> got = reader->NextFrame(&bytes, /*header=*/true);
  StreamHeader header;
  const bool parsed = got.ok() && *got && header.ParseFromString(bytes);
  if (!parsed || (header.magic() != kMagic && header.magic() != kMagicV1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        reader->name(),
        ": not an ionscreen stream (missing or wrong magic at byte 0; "
        "expected a header with magic \"",
        kMagic, "\")"));
  }
  if (header.magic() == kMagic) {
    reader->checksummed_ = true;
    RETURN_IF_ERROR(reader->Fill(kChecksumBytes));
    const size_t available = reader->buffer_.size() - reader->buffer_pos_;
    if (available < kChecksumBytes) {
      return absl::DataLossError(absl::StrCat(
          reader->name(), ": truncated stream header: its checksum is missing"));
    }
    const auto* p = reinterpret_cast<const unsigned char*>(
        reader->buffer_.data() + reader->buffer_pos_);
    const uint32_t stored = static_cast<uint32_t>(p[0]) |
                            static_cast<uint32_t>(p[1]) << 8 |
                            static_cast<uint32_t>(p[2]) << 16 |
                            static_cast<uint32_t>(p[3]) << 24;
    reader->buffer_pos_ += kChecksumBytes;
    reader->offset_ += kChecksumBytes;
    const uint32_t computed = FrameChecksum(bytes);
    if (stored != computed) {
      return absl::DataLossError(absl::StrFormat(
          "%s: corrupt stream header: checksum mismatch in bytes 0..%d "
          "(stored %08x, computed %08x): the stream was changed after it was "
          "written",
          reader->name(), reader->offset_ - 1, stored, computed));
    }
  }
  reader->records_read_ = 0;
  if (!record_type.empty() && header.record_type() != record_type) {
    return absl::FailedPreconditionError(absl::StrCat(
        reader->name(), ": stream holds ", header.record_type(),
        " records, expected ", record_type));
  }
  reader->header_ = std::move(header);
  return reader;
}

uint32_t FrameChecksum(absl::string_view payload) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths; records are at most kMaxRecordBytes (< 4 GiB).
  crc = crc32(crc, reinterpret_cast<const Bytef*>(payload.data()),
              static_cast<uInt>(payload.size()));
  return static_cast<uint32_t>(crc);
}

void AppendFrame(absl::string_view payload, std::string* out) {
  uint32_t value = static_cast<uint32_t>(payload.size());
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value) byte |= 0x80;
    out->push_back(static_cast<char>(byte));
  } while (value);
  out->append(payload.data(), payload.size());
  const uint32_t crc = FrameChecksum(payload);
  for (int i = 0; i < 4; ++i) {
    out->push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  }
}

absl::StatusOr<std::unique_ptr<RawRecordWriter>> RawRecordWriter::Open(
    std::unique_ptr<ByteSink> sink, StreamHeader header) {
  header.set_magic(std::string(kMagic));
  std::unique_ptr<RawRecordWriter> writer(new RawRecordWriter(std::move(sink)));
  RETURN_IF_ERROR(writer->WriteFrame(header));
  return writer;
}

absl::Status RawRecordWriter::WriteFrame(
    const google::protobuf::MessageLite& message) {
  std::string payload;
  {
    // Deterministic: map fields (header parameters) in key order, so the
    // same input gives byte-identical streams.
    google::protobuf::io::StringOutputStream string_stream(&payload);
    google::protobuf::io::CodedOutputStream coded(&string_stream);
    coded.SetSerializationDeterministic(true);
    if (!message.SerializeToCodedStream(&coded) || coded.HadError()) {
      return absl::InternalError("cannot serialize record");
    }
  }
  scratch_.clear();
  AppendFrame(payload, &scratch_);
  return sink_->Write(scratch_);
}

absl::Status RawRecordWriter::Write(
    const google::protobuf::MessageLite& message) {
  RETURN_IF_ERROR(WriteFrame(message));
  ++records_written_;
  return absl::OkStatus();
}

absl::Status RawRecordWriter::WriteBytes(absl::string_view payload) {
  scratch_.clear();
  AppendFrame(payload, &scratch_);
  RETURN_IF_ERROR(sink_->Write(scratch_));
  ++records_written_;
  return absl::OkStatus();
}

absl::Status RawRecordWriter::Close() { return sink_->Flush(); }

std::string SerializeDeterministic(const google::protobuf::MessageLite& m) {
  std::string out;
  google::protobuf::io::StringOutputStream string_stream(&out);
  google::protobuf::io::CodedOutputStream coded(&string_stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

StreamHeader DerivedHeader(const StreamHeader* upstream, ProvenanceStep step) {
  StreamHeader header;
  if (upstream != nullptr) {
    *header.mutable_provenance() = upstream->provenance();
  }
  *header.add_provenance() = std::move(step);
  return header;
}

}  // namespace ionscreen::stream
