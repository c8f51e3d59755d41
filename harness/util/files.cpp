#include "util/files.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

std::system_error write_error(const std::filesystem::path& path, const char* stage) {
  return std::system_error(errno, std::generic_category(),
                           fmt::format("{}: {}", path.string(), stage));
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw BadInput(fmt::format("{}: is a directory, expected a file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw BadInput(fmt::format("{}: cannot read: {}", path.string(), std::strerror(errno)));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return std::move(content).str();
}

std::string read_password_file(const std::filesystem::path& path) {
  std::string password = read_file(path);
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
