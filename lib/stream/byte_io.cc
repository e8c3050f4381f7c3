#include "lib/stream/byte_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>


#include "absl/strings/str_cat.h"
#include "lib/base/status_macros.h"

namespace ionscreen::stream {
namespace {

// " (PATH)" for a descriptor named like "<stdout>" that a shell or Snakemake
// redirected to a file, so a write error names the file; empty for named
// files, pipes, or when it cannot be told.
std::string FdTarget(int fd, const std::string& name) {
  if (name.empty() || name[0] != '<') return "";
  char link[64];
  std::snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
  char target[4096];
  const ssize_t n = ::readlink(link, target, sizeof(target) - 1);
  if (n <= 0) return "";
  target[n] = '\0';
  if (target[0] != '/') return "";  // pipe:[...], socket:[...]
  return absl::StrCat(" (", target, ")");
}

class FdSourceImpl : public ByteSource {
 public:
  FdSourceImpl(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FdSourceImpl() override {
    if (owned_) close(fd_);
  }
  absl::StatusOr<size_t> Read(char* out, size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, out, n);
      if (got >= 0) return static_cast<size_t>(got);
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          absl::StrCat(name_, ": read failed: ", std::strerror(errno)));
    }
  }
  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
};

class StringSourceImpl : public ByteSource {
 public:
  StringSourceImpl(std::string data, std::string name)
      : data_(std::move(data)), name_(std::move(name)) {}
  absl::StatusOr<size_t> Read(char* out, size_t n) override {
    size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(out, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  const std::string& name() const override { return name_; }

 private:
  std::string data_;
  size_t pos_ = 0;
  std::string name_;
};

class FdSinkImpl : public ByteSink {
 public:
  FdSinkImpl(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}
  ~FdSinkImpl() override {
    (void)Flush();
    if (owned_) close(fd_);
  }
  absl::Status Write(absl::string_view data) override {
    if (!status_.ok()) return status_;
    buffer_.append(data.data(), data.size());
    if (buffer_.size() >= kBufferBytes) return Flush();
    return absl::OkStatus();
  }
  absl::Status Flush() override {
    if (!status_.ok()) return status_;
    size_t done = 0;
    while (done < buffer_.size()) {
      ssize_t put = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (put < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        status_ = absl::UnavailableError(absl::StrCat(
            name_, FdTarget(fd_, name_), ": write failed: ",
            std::strerror(err),
            err == EPIPE ? " (the reading end of the pipe was closed)" : ""));
        buffer_.clear();
        return status_;
      }
      done += static_cast<size_t>(put);
    }
    buffer_.clear();
    return absl::OkStatus();
  }
  const std::string& name() const override { return name_; }

 private:
  static constexpr size_t kBufferBytes = 1 << 16;
  int fd_;
  std::string name_;
  bool owned_;
  std::string buffer_;
  absl::Status status_;
};

class StringSinkImpl : public ByteSink {
 public:
  explicit StringSinkImpl(std::string* out) : out_(out) {}
  absl::Status Write(absl::string_view data) override {
    out_->append(data.data(), data.size());
    return absl::OkStatus();
  }
  absl::Status Flush() override { return absl::OkStatus(); }
  const std::string& name() const override { return name_; }

 private:
  std::string* out_;
  std::string name_ = "<string>";
};

}  // namespace

std::unique_ptr<ByteSource> FdSource(int fd, std::string name) {
  return std::make_unique<FdSourceImpl>(fd, std::move(name), false);
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(
    const std::string& path) {
  if (path == "-") return FdSource(0, "<stdin>");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  return std::unique_ptr<ByteSource>(new FdSourceImpl(fd, path, true));
}

std::unique_ptr<ByteSource> StringSource(std::string data, std::string name) {
  return std::make_unique<StringSourceImpl>(std::move(data), std::move(name));
}

std::unique_ptr<ByteSink> FdSink(int fd, std::string name) {
  return std::make_unique<FdSinkImpl>(fd, std::move(name), false);
}

absl::StatusOr<std::unique_ptr<ByteSink>> OpenFileSink(const std::string& path) {
  if (path == "-") return FdSink(1, "<stdout>");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": cannot create: ", std::strerror(errno)));
  }
  return std::unique_ptr<ByteSink>(new FdSinkImpl(fd, path, true));
}

std::unique_ptr<ByteSink> StringSink(std::string* out) {
  return std::make_unique<StringSinkImpl>(out);
}

absl::Status WriteTextFile(const std::string& path, absl::string_view text) {
  ASSIGN_OR_RETURN(const std::unique_ptr<ByteSink> sink, OpenFileSink(path));
  RETURN_IF_ERROR(sink->Write(text));
  return sink->Flush();
}

absl::StatusOr<std::string> ReadAll(ByteSource& source) {
  std::string out;
  char buf[1 << 16];
  while (true) {
    ASSIGN_OR_RETURN(const size_t got, source.Read(buf, sizeof(buf)));
    if (got == 0) break;
    out.append(buf, got);
  }
  return out;
}

}  // namespace ionscreen::stream
