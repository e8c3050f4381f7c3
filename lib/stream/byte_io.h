// Minimal buffered byte sources and sinks over file descriptors or strings.
// Why not iostreams: a write to a closed pipe must surface as an error with
// errno (EPIPE), and reads must know their exact byte offset.
#ifndef IONSCREEN_LIB_STREAM_BYTE_IO_H_
#define IONSCREEN_LIB_STREAM_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ionscreen::stream {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `out`; returns the number read, 0 at EOF.
  virtual absl::StatusOr<size_t> Read(char* out, size_t n) = 0;
  // Human-readable name for error messages ("<stdin>", a file name).
  virtual const std::string& name() const = 0;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual absl::Status Write(absl::string_view data) = 0;
  // Flushes buffered data; a failure (e.g. EPIPE) is reported here.
  virtual absl::Status Flush() = 0;
  virtual const std::string& name() const = 0;
};

// Reads from a file descriptor it does not own (e.g. 0 for stdin).
std::unique_ptr<ByteSource> FdSource(int fd, std::string name);
// Opens `path` for reading ("-" means stdin).
absl::StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(
    const std::string& path);
// Reads from an in-memory string (tests).
std::unique_ptr<ByteSource> StringSource(std::string data,
                                         std::string name = "<string>");

// Writes to a file descriptor it does not own (e.g. 1 for stdout).
std::unique_ptr<ByteSink> FdSink(int fd, std::string name);
// Creates/truncates `path` ("-" means stdout).
absl::StatusOr<std::unique_ptr<ByteSink>> OpenFileSink(const std::string& path);
// Appends to `*out` (tests).
std::unique_ptr<ByteSink> StringSink(std::string* out);

// Creates/truncates `path` ("-" means stdout) and writes `text`; a write
// failure (disk full, closed pipe) is an error.
absl::Status WriteTextFile(const std::string& path, absl::string_view text);

// Reads the whole source into a string.
absl::StatusOr<std::string> ReadAll(ByteSource& source);

}  // namespace ionscreen::stream

#endif  // IONSCREEN_LIB_STREAM_BYTE_IO_H_
