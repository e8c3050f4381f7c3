#include "lib/stream/record_stream.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/base/status_matchers.h"
#include "lib/stream/stream.pb.h"

namespace ionscreen::stream {
namespace {

using ::ionscreen::testing::IsOk;
using ::ionscreen::testing::StatusIs;
using ::testing::HasSubstr;

// Records in these tests are ProvenanceStep messages: any message will do.
std::string WriteStream(int n) {
  std::string out;
  ProvenanceStep step;
  step.set_tool("test");
  auto writer = RecordWriter<ProvenanceStep>::Open(
      StringSink(&out), DerivedHeader(nullptr, step));
  EXPECT_OK(writer.status());
  for (int i = 0; i < n; ++i) {
    ProvenanceStep record;
    record.set_tool("record");
    record.set_comment(std::string(i + 1, 'x'));
    EXPECT_OK((*writer)->Write(record));
  }
  EXPECT_OK((*writer)->Close());
  return out;
}

absl::StatusOr<int> CountRecords(std::string data) {
  auto reader = RecordReader<ProvenanceStep>::Open(StringSource(data, "s"));
  if (!reader.ok()) return reader.status();
  int n = 0;
  ProvenanceStep record;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&record);
    if (!more.ok()) return more.status();
    if (!*more) return n;
    EXPECT_EQ(record.comment(), std::string(n + 1, 'x'));
    ++n;
  }
}

TEST(RecordStreamTest, RoundTrip) {
  std::string data = WriteStream(100);
  auto reader = RecordReader<ProvenanceStep>::Open(StringSource(data));
  ASSERT_OK(reader.status());
  EXPECT_EQ((*reader)->header().magic(), kMagic);
  EXPECT_EQ((*reader)->header().record_type(), "ionscreen.stream.ProvenanceStep");
  ASSERT_EQ((*reader)->header().provenance_size(), 1);
  EXPECT_THAT(CountRecords(data), ::ionscreen::testing::IsOkAndHolds(100));
}

TEST(RecordStreamTest, HeaderOnlyIsAnEmptyStream) {
  EXPECT_THAT(CountRecords(WriteStream(0)),
              ::ionscreen::testing::IsOkAndHolds(0));
}

TEST(RecordStreamTest, EmptyInputIsAnError) {
  EXPECT_THAT(CountRecords(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                         HasSubstr("empty stream")));
}

TEST(RecordStreamTest, WrongMagic) {
  EXPECT_THAT(CountRecords("hello, this is not a stream"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("not an ionscreen stream")));
  StreamHeader header;
  header.set_magic("bogus");
  std::string data;
  std::string bytes = header.SerializeAsString();
  data.push_back(static_cast<char>(bytes.size()));
  data += bytes;
  EXPECT_THAT(CountRecords(data),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("wrong magic")));
}

TEST(RecordStreamTest, WrongRecordType) {
  std::string data = WriteStream(3);
  auto reader = RecordReader<StreamHeader>::Open(StringSource(data));
  EXPECT_THAT(reader.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("holds ionscreen.stream.ProvenanceStep")));
}

TEST(RecordStreamTest, TruncatedRecordNamesByteOffset) {
  std::string data = WriteStream(3);
  std::string cut = data.substr(0, data.size() - 2);
  absl::StatusOr<int> got = CountRecords(cut);
  EXPECT_THAT(got, StatusIs(absl::StatusCode::kDataLoss,
                            HasSubstr("truncated record at byte")));
  // The last record starts at data.size() - (1 + 3 bytes of comment + ...):
  // compute it by re-serialising.
  ProvenanceStep last;
  last.set_tool("record");
  last.set_comment("xxx");
  size_t last_offset = data.size() - last.ByteSizeLong() - 1;
  EXPECT_THAT(got.status().message(),
              HasSubstr("at byte " + std::to_string(last_offset)));
}

TEST(RecordStreamTest, TruncatedLength) {
  std::string data = WriteStream(1);
  data.push_back(static_cast<char>(0x80));  // varint continues, then EOF
  EXPECT_THAT(CountRecords(data), StatusIs(absl::StatusCode::kDataLoss,
                                           HasSubstr("truncated record length")));
}

TEST(RecordStreamTest, GarbageLength) {
  std::string data = WriteStream(1);
  data += std::string("\xff\xff\xff\xff\x0f", 5);  // 4 GiB
  EXPECT_THAT(CountRecords(data), StatusIs(absl::StatusCode::kDataLoss,
                                           HasSubstr("corrupt record length")));
  std::string data2 = WriteStream(1);
  data2 += std::string("\xff\xff\xff\xff\xff\xff", 6);  // overlong varint
  EXPECT_THAT(CountRecords(data2),
              StatusIs(absl::StatusCode::kDataLoss, HasSubstr("bad varint")));
}

TEST(RecordStreamTest, CorruptRecord) {
  std::string data = WriteStream(0);
  data += std::string("\x03\xff\xff\xff", 4);  // 3 bytes that do not parse
  EXPECT_THAT(CountRecords(data), StatusIs(absl::StatusCode::kDataLoss,
                                           HasSubstr("corrupt record at byte")));
}

TEST(RecordStreamTest, ClosedPipeIsAWriteError) {
  signal(SIGPIPE, SIG_IGN);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);  // nobody reads
  ProvenanceStep step;
  auto writer = RecordWriter<ProvenanceStep>::Open(FdSink(fds[1], "<pipe>"),
                                                   DerivedHeader(nullptr, step));
  absl::Status status = writer.ok() ? (*writer)->Close() : writer.status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable,
                               HasSubstr("pipe was closed")));
  close(fds[1]);
}

TEST(RecordStreamTest, DerivedHeaderAppendsProvenance) {
  StreamHeader up;
  up.add_provenance()->set_tool("cif2proto");
  ProvenanceStep step;
  step.set_tool("simplify");
  StreamHeader h = DerivedHeader(&up, step);
  ASSERT_EQ(h.provenance_size(), 2);
  EXPECT_EQ(h.provenance(1).tool(), "simplify");
}

}  // namespace
}  // namespace ionscreen::stream

namespace ionscreen::stream {
namespace {

TEST(RecordStreamTest, HeaderMapsSerialiseDeterministically) {
  // Map iteration order is unspecified; the bytes must not depend on it.
  std::string first;
  for (int round = 0; round < 5; ++round) {
    StreamHeader h;
    for (int i = 0; i < 50; ++i) {
      (*h.mutable_parameters())[std::to_string((i * 37 + round * 11) % 50)] = "v";
    }
    std::string out;
    auto w = RecordWriter<ProvenanceStep>::Open(StringSink(&out), h);
    ASSERT_OK(w.status());
    ASSERT_OK((*w)->Close());
    if (round == 0) first = out;
    EXPECT_EQ(out, first);
  }
}

}  // namespace
}  // namespace ionscreen::stream
