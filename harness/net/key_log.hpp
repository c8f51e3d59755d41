#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <mutex>
#include <string>

namespace fedharness::net {

/// A run's TLS secrets in the NSS key log format (one "LABEL CLIENT_RANDOM
/// SECRET" line per secret), which Wireshark and tshark read to decrypt a
/// capture. One sink per run, shared by every SSL_CTX attached to it; the file
/// is made mode 0600, since it holds secrets, and written nowhere else.
class KeyLog : public std::enable_shared_from_this<KeyLog> {
 public:
  enum class Mode { truncate, append };

  /// Opens (creating it 0600) or throws BadInput naming the path.
  static std::shared_ptr<KeyLog> open(const std::string& path, Mode mode = Mode::truncate);

  ~KeyLog();
  KeyLog(const KeyLog&) = delete;
  KeyLog& operator=(const KeyLog&) = delete;

  /// Every handshake on `context` from now on logs its secrets here; the
  /// context keeps this sink alive.
  void attach(SSL_CTX* context);

  /// Appends one line and a newline, whole, under the lock.
  void write_line(const char* line);

 private:
  explicit KeyLog(int fd) : fd_(fd) {}

  std::mutex mutex_;
  int fd_;
};

}  // namespace fedharness::net
