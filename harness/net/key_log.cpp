#include "net/key_log.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "pki/openssl_error.hpp"
#include "util/bad_input.hpp"

namespace fedharness::net {
namespace {

// The SSL_CTX's reference to its sink: a heap shared_ptr, freed with the context.
void free_sink(void* /*parent*/, void* pointer, CRYPTO_EX_DATA* /*data*/, int /*index*/,
               long /*argl*/, void* /*argp*/) {
  delete static_cast<std::shared_ptr<KeyLog>*>(pointer);
}

int sink_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_sink);
  return index;
}

void log_line(const SSL* ssl, const char* line) {
  auto* sink = static_cast<std::shared_ptr<KeyLog>*>(
      SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), sink_index()));
  if (sink != nullptr) {
    (*sink)->write_line(line);
  }
}

}  // namespace

std::shared_ptr<KeyLog> KeyLog::open(const std::string& path, Mode mode) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW;
  flags |= mode == Mode::truncate ? O_TRUNC : O_APPEND;
  int fd = ::open(path.c_str(), flags, 0600);
  // An existing file keeps its mode through open(): narrow it before any secret.
  if (fd < 0 || ::fchmod(fd, 0600) != 0) {
    int error = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    throw BadInput(fmt::format("{}: cannot write the key log: {}", path, std::strerror(error)));
  }
  return std::shared_ptr<KeyLog>(new KeyLog(fd));
}

KeyLog::~KeyLog() {
  ::close(fd_);
}

void KeyLog::attach(SSL_CTX* context) {
  int index = sink_index();
  if (index < 0) {
    throw OpensslError("SSL_CTX_get_ex_new_index");
  }
  auto* sink = new std::shared_ptr<KeyLog>(shared_from_this());
  if (SSL_CTX_set_ex_data(context, index, sink) != 1) {
    delete sink;
    throw OpensslError("SSL_CTX_set_ex_data");
  }
  SSL_CTX_set_keylog_callback(context, log_line);
}

void KeyLog::write_line(const char* line) {
  std::string text(line);
  text += '\n';
  std::lock_guard lock(mutex_);
  std::string_view rest = text;
  while (!rest.empty()) {
    ssize_t written = ::write(fd_, rest.data(), rest.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;  // a handshake must not fail for its key log; the secrets stay unwritten
    }
    rest.remove_prefix(static_cast<size_t>(written));
  }
}

}  // namespace fedharness::net
