// Test helpers: record streams written to the test's temporary folder.
#ifndef IONSCREEN_LIB_STREAM_STREAM_TESTING_H_
#define IONSCREEN_LIB_STREAM_STREAM_TESTING_H_

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "lib/base/status_matchers.h"
#include "lib/stream/byte_io.h"
#include "lib/stream/record_stream.h"

namespace ionscreen::stream::fixtures {

// $TEST_TMPDIR (/tmp outside Bazel).
inline std::string TmpDir() {
  const char* t = std::getenv("TEST_TMPDIR");
  return t != nullptr ? t : "/tmp";
}

// TmpDir()/name.
inline std::string TmpPath(const std::string& name) { return TmpDir() + "/" + name; }

// Writes `records` as a stream (header from tool "test") to TmpPath(name)
// and returns the path.
template <typename T>
std::string WriteStream(const std::string& name, const std::vector<T>& records) {
  const std::string path = TmpPath(name);
  auto sink = OpenFileSink(path);
  EXPECT_OK(sink.status());
  ProvenanceStep step;
  step.set_tool("test");
  auto w = RecordWriter<T>::Open(std::move(sink).value(), DerivedHeader(nullptr, step));
  EXPECT_OK(w.status());
  for (const T& r : records) EXPECT_OK((*w)->Write(r));
  EXPECT_OK((*w)->Close());
  return path;
}

// The tools of a header's provenance, in order: tests assert the whole
// chain at once (EXPECT_THAT(ProvenanceTools(h), ElementsAre("a", "b"))).
inline std::vector<std::string> ProvenanceTools(const StreamHeader& header) {
  std::vector<std::string> tools;
  for (const ProvenanceStep& step : header.provenance()) {
    tools.push_back(step.tool());
  }
  return tools;
}

// The file's bytes ("" when it cannot be read).
inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace ionscreen::stream::fixtures

#endif  // IONSCREEN_LIB_STREAM_STREAM_TESTING_H_
