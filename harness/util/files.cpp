#include "util/files.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

constexpr size_t kMebibyte = 1024 * 1024;

// Closes the descriptor it holds when it goes.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() { ::close(fd_); }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

 private:
  int fd_;
};

std::string_view file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) {
    return "a directory";
  }
  if (S_ISFIFO(mode)) {
    return "a FIFO";
  }
  if (S_ISCHR(mode) || S_ISBLK(mode)) {
    return "a device";
  }
  if (S_ISSOCK(mode)) {
    return "a socket";
  }
  return "not a regular file";
}

std::system_error write_error(const std::filesystem::path& path, const char* stage) {
  return std::system_error(errno, std::generic_category(),
                           fmt::format("{}: {}", path.string(), stage));
}

}  // namespace

std::string describe(InputKind kind) {
  constexpr std::array<std::string_view, 8> kNames = {
      "certificate file", "password file",       "topology",     "scenario",
      "policy",           "known-failures list", "run document", "trust anchor file"};
  size_t limit = size_limit(kind);
  return fmt::format("a {} ({} {} at most)", kNames[static_cast<size_t>(kind)],
                     limit >= kMebibyte ? limit / kMebibyte : limit / 1024,
                     limit >= kMebibyte ? "MiB" : "KiB");
}

size_t size_limit(InputKind kind) {
  switch (kind) {
    case InputKind::certificate:
      return 8 * kMebibyte;  // a system CA bundle is about 200 KiB
    case InputKind::password:
      return 4 * 1024;
    case InputKind::trust_anchors:
      return 64 * 1024;  // a zone's DS or DNSKEY lines: a few hundred bytes each
    case InputKind::topology:
    case InputKind::scenario:
    case InputKind::policy:
    case InputKind::known_failures:
      return 4 * kMebibyte;
    case InputKind::run_document:
      return 512 * kMebibyte;  // 10,000 paths with their chains take about 100 MiB
  }
  return 0;
}

std::string read_file(const std::filesystem::path& path, InputKind kind) {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of
  // waiting for one; the type check below then refuses it.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    throw BadInput(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  FileDescriptor file(fd);
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    throw BadInput(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  if (!S_ISREG(status.st_mode)) {
    throw BadInput(fmt::format("{}: is {}, expected a regular file", path.string(),
                               file_type_name(status.st_mode)));
  }
  size_t limit = size_limit(kind);
  auto too_large = [&] {
    return BadInput(fmt::format("{}: over the size limit of {}", path.string(), describe(kind)));
  };
  if (static_cast<size_t>(status.st_size) > limit) {
    throw too_large();
  }
  // The size said is not always the size read (/proc, a file still growing).
  std::string content;
  std::array<char, 64 * 1024> buffer;
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      throw BadInput(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
    }
    if (got == 0) {
      return content;
    }
    content.append(buffer.data(), static_cast<size_t>(got));
    if (content.size() > limit) {
      throw too_large();
    }
  }
}

std::string read_password_file(const std::filesystem::path& path) {
  std::string password = read_file(path, InputKind::password);
  if (password.ends_with('\n')) {
    password.pop_back();
    if (password.ends_with('\r')) {
      password.pop_back();
    }
  }
  return password;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           mode_t mode) {
  std::string temporary = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX"));
  // mkstemp creates the file 0600; fchmod only ever widens it for public files.
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    throw write_error(path, "cannot create a temporary file");
  }
  auto fail = [&](const char* stage) {
    auto error = write_error(path, stage);
    ::close(fd);
    ::unlink(temporary.c_str());
    return error;
  };
  if (::fchmod(fd, mode) != 0) {
    throw fail("cannot set the file mode");
  }
  for (std::string_view rest = content; !rest.empty();) {
    ssize_t written = ::write(fd, rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw fail("cannot write");
    }
    rest.remove_prefix(static_cast<size_t>(written));
  }
  if (::fsync(fd) != 0) {
    throw fail("cannot flush to disk");
  }
  if (::close(fd) != 0) {
    ::unlink(temporary.c_str());
    throw write_error(path, "cannot close");
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    auto error = write_error(path, "cannot rename into place");
    ::unlink(temporary.c_str());
    throw error;
  }
}

}  // namespace fedharness
