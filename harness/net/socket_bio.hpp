#pragma once

#include <openssl/bio.h>

namespace fedharness::net {

/// One end of a TCP connection as OpenSSL reads and writes it, and what the
/// last reads and writes met: the peer's FIN, or a system error.
struct SocketEnd {
  int descriptor = -1;
  bool eof = false;
  int error = 0;  // errno of a failed recv or send
};

/// A BIO that moves TLS records between OpenSSL and a non-blocking socket
/// directly, with no buffer between: a would-block read or write becomes
/// BIO_should_retry, for the caller to wait on the socket's readiness.
/// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE on a
/// connection the peer has reset; this one sends with MSG_NOSIGNAL.
/// `end` must outlive the BIO.
BIO* make_socket_bio(SocketEnd& end);

}  // namespace fedharness::net
