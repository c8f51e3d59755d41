#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <tuple>

#include "net/socket_bio.hpp"
#include "net/timed_socket.hpp"
#include "net/tls_context.hpp"

namespace fedharness::net {

/// TLS over a TimedSocket, OpenSSL reading and writing the socket itself
/// (SocketEnd's BIO) and the coroutine waiting for readiness when it would
/// block. asio::ssl::stream instead runs OpenSSL over a BIO pair and copies
/// every record between it and the socket through two 17 KB buffers per
/// stream, which was the largest cost of a path beside the handshake.
///
/// Errors are asio's, as asio::ssl::stream reports them, so one classifier
/// serves both: OpenSSL's first queued error in asio's SSL category, eof for
/// a close_notify, ssl::error::stream_truncated for a connection that ended
/// without one, system errors as they are, beast::error::timeout for a
/// deadline. Each operation runs under the deadline set by expires_after.
class TlsSocket {
 public:
  TlsSocket(TimedSocket transport, asio::ssl::context& context);
  TlsSocket(tcp::socket socket, asio::ssl::context& context);
  TlsSocket(const asio::any_io_executor& executor, asio::ssl::context& context);
  TlsSocket(const TlsSocket&) = delete;  // OpenSSL's BIO points at end_
  TlsSocket& operator=(const TlsSocket&) = delete;

  SSL* native_handle() { return ssl_.get(); }
  TimedSocket& transport() { return transport_; }
  void expires_after(std::chrono::steady_clock::duration timeout) {
    transport_.expires_after(timeout);
  }

  /// The socket must be connected.
  asio::awaitable<error_code> handshake(TlsRole role);
  asio::awaitable<std::tuple<error_code, std::size_t>> read_some(asio::mutable_buffer buffer);
  asio::awaitable<error_code> write_all(asio::const_buffer buffer);
  /// Sends close_notify and, unless SSL_RECEIVED_SHUTDOWN is set, waits for
  /// the other side's (RFC 8446 §6.1).
  asio::awaitable<error_code> shutdown();

 private:
  struct SslFree {
    void operator()(SSL* ssl) const { SSL_free(ssl); }
  };

  template <typename Step>
  asio::awaitable<std::tuple<error_code, std::size_t>> drive(Step step);
  error_code failure(int ssl_error) const;

  TimedSocket transport_;
  SocketEnd end_;
  std::unique_ptr<SSL, SslFree> ssl_;
};

}  // namespace fedharness::net
