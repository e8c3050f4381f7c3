#include "lib/stream/record_stream.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lib/base/status_macros.h"

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

absl::StatusOr<bool> RawRecordReader::NextBytes(std::string* bytes) {
  uint64_t start = offset_;
  uint32_t length = 0;
  ASSIGN_OR_RETURN(bool more, ReadLength(&length));
  if (!more) return false;
  RETURN_IF_ERROR(Fill(length));
  size_t available = buffer_.size() - buffer_pos_;
  if (available < length) {
    return absl::DataLossError(absl::StrCat(
        name(), ": truncated record at byte ", start, " (record ",
        records_read_, "): expected ", length, " bytes, stream ends after ",
        available));
  }
  bytes->assign(buffer_, buffer_pos_, length);
  buffer_pos_ += length;
  offset_ += length;
  ++records_read_;
  return true;
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
  std::string bytes;
  absl::StatusOr<bool> got = reader->NextBytes(&bytes);
  StreamHeader header;
  if (!got.ok() || !*got || !header.ParseFromString(bytes) ||
      header.magic() != kMagic) {
    return absl::InvalidArgumentError(absl::StrCat(
        reader->name(),
        ": not an ionscreen stream (missing or wrong magic at byte 0; "
        "expected a header with magic \"",
        kMagic, "\")"));
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

absl::StatusOr<std::unique_ptr<RawRecordWriter>> RawRecordWriter::Open(
    std::unique_ptr<ByteSink> sink, const StreamHeader& header) {
  std::unique_ptr<RawRecordWriter> writer(new RawRecordWriter(std::move(sink)));
  RETURN_IF_ERROR(writer->WriteDelimited(header));
  return writer;
}

absl::Status RawRecordWriter::WriteDelimited(
    const google::protobuf::MessageLite& message) {
  scratch_.clear();
  {
    // Deterministic: map fields (header parameters) in key order, so the
    // same input gives byte-identical streams.
    google::protobuf::io::StringOutputStream string_stream(&scratch_);
    google::protobuf::io::CodedOutputStream coded(&string_stream);
    coded.SetSerializationDeterministic(true);
    if (!message.SerializeToCodedStream(&coded) || coded.HadError()) {
      return absl::InternalError("cannot serialize record");
    }
  }
  char prefix[5];
  size_t n = 0;
  uint32_t value = static_cast<uint32_t>(scratch_.size());
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value) byte |= 0x80;
    prefix[n++] = static_cast<char>(byte);
  } while (value);
  RETURN_IF_ERROR(sink_->Write(absl::string_view(prefix, n)));
  return sink_->Write(scratch_);
}

absl::Status RawRecordWriter::Write(
    const google::protobuf::MessageLite& message) {
  RETURN_IF_ERROR(WriteDelimited(message));
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
