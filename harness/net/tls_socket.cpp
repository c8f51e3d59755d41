#include "net/tls_socket.hpp"

#include <openssl/err.h>

#include <new>

namespace fedharness::net {

TlsSocket::TlsSocket(TimedSocket transport, asio::ssl::context& context)
    : transport_(std::move(transport)), ssl_(SSL_new(context.native_handle())) {
  if (!ssl_) {
    throw std::bad_alloc();
  }
  // Read whatever the socket holds in one recv, not a record header and then
  // its body: a TLS 1.3 server's first flight is five or six records.
  SSL_set_read_ahead(ssl_.get(), 1);
}

TlsSocket::TlsSocket(tcp::socket socket, asio::ssl::context& context)
    : TlsSocket(TimedSocket(std::move(socket)), context) {}

TlsSocket::TlsSocket(const asio::any_io_executor& executor, asio::ssl::context& context)
    : TlsSocket(TimedSocket(executor), context) {}

asio::awaitable<error_code> TlsSocket::handshake(TlsRole role) {
  error_code error;
  transport_.socket().non_blocking(true, error);  // OpenSSL's reads must not block the worker
  if (error) {
    co_return error;
  }
  end_.descriptor = transport_.socket().native_handle();
  BIO* bio = make_socket_bio(end_);
  SSL_set_bio(ssl_.get(), bio, bio);  // the SSL owns it from here
  if (role == TlsRole::client) {
    SSL_set_connect_state(ssl_.get());
  } else {
    SSL_set_accept_state(ssl_.get());
  }
  co_return std::get<error_code>(
      co_await drive([this](std::size_t*) { return SSL_do_handshake(ssl_.get()); }));
}

asio::awaitable<std::tuple<error_code, std::size_t>> TlsSocket::read_some(
    asio::mutable_buffer buffer) {
  co_return co_await drive([this, buffer](std::size_t* read) {
    return SSL_read_ex(ssl_.get(), buffer.data(), buffer.size(), read);
  });
}

asio::awaitable<error_code> TlsSocket::write_all(asio::const_buffer buffer) {
  if (buffer.size() == 0) {
    co_return error_code();
  }
  // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write_ex succeeds only once
  // all of it is written; a retry passes the same buffer again, as it must.
  co_return std::get<error_code>(co_await drive([this, buffer](std::size_t* written) {
    return SSL_write_ex(ssl_.get(), buffer.data(), buffer.size(), written);
  }));
}

asio::awaitable<error_code> TlsSocket::shutdown() {
  co_return std::get<error_code>(co_await drive([this](std::size_t*) {
    // 0: our close_notify is out; a second call reads the other side's.
    int done = SSL_shutdown(ssl_.get());
    return done == 0 ? SSL_shutdown(ssl_.get()) : done;
  }));
}

// Runs one OpenSSL operation to its end: each step returns 1 when done, else
// OpenSSL says whether it waits for the socket to become readable or writable
// (a TLS 1.3 read may need to write, a handshake both) or failed.
template <typename Step>
asio::awaitable<std::tuple<error_code, std::size_t>> TlsSocket::drive(Step step) {
  for (;;) {
    ERR_clear_error();
    end_.eof = false;
    end_.error = 0;
    std::size_t moved = 0;
    int result = step(&moved);
    if (result == 1) {
      co_return std::tuple(error_code(), moved);
    }
    int ssl_error = SSL_get_error(ssl_.get(), result);
    if (ssl_error != SSL_ERROR_WANT_READ && ssl_error != SSL_ERROR_WANT_WRITE) {
      co_return std::tuple(failure(ssl_error), std::size_t{0});
    }
    if (error_code error = co_await transport_.wait(
            ssl_error == SSL_ERROR_WANT_READ ? tcp::socket::wait_read : tcp::socket::wait_write)) {
      co_return std::tuple(error, std::size_t{0});
    }
  }
}

error_code TlsSocket::failure(int ssl_error) const {
  unsigned long first = ERR_get_error();  // the cause; later entries are consequences
  switch (ssl_error) {
    case SSL_ERROR_ZERO_RETURN:  // the other side's close_notify
      return asio::error::eof;
    case SSL_ERROR_SYSCALL:
      return end_.error != 0 ? error_code(end_.error, boost::system::system_category())
                             : error_code(asio::ssl::error::stream_truncated);
    case SSL_ERROR_SSL:
      // OpenSSL 3 reports a connection that ended without close_notify so.
      if (end_.eof && ERR_GET_REASON(first) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
        return asio::ssl::error::stream_truncated;
      }
      return {static_cast<int>(first), asio::error::get_ssl_category()};
    default:
      return asio::ssl::error::unexpected_result;
  }
}

}  // namespace fedharness::net
