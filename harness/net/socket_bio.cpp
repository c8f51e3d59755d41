#include "net/socket_bio.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <new>

namespace fedharness::net {
namespace {

SocketEnd& end_of(BIO* bio) {
  return *static_cast<SocketEnd*>(BIO_get_data(bio));
}

bool would_block(int error) {
  return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

// Both directions report the same way: a count, or -1 with either a retry
// flag (would block) or the errno kept in the SocketEnd.
int finish(BIO* bio, ssize_t moved, int retry_flags) {
  if (moved >= 0) {
    return static_cast<int>(moved);
  }
  if (would_block(errno)) {
    BIO_set_flags(bio, retry_flags | BIO_FLAGS_SHOULD_RETRY);
  } else {
    end_of(bio).error = errno;
  }
  return -1;
}

int socket_read(BIO* bio, char* into, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t received = ::recv(end_of(bio).descriptor, into, static_cast<size_t>(size), 0);
  if (received == 0) {
    end_of(bio).eof = true;
  }
  return finish(bio, received, BIO_FLAGS_READ);
}

int socket_write(BIO* bio, const char* from, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t sent = ::send(end_of(bio).descriptor, from, static_cast<size_t>(size), MSG_NOSIGNAL);
  return finish(bio, sent, BIO_FLAGS_WRITE);
}

long socket_control(BIO*, int command, long, void*) {
  // Records go straight to the socket: there is nothing to flush. Every
  // other control (kTLS, peeking at pending bytes) is not supported.
  return command == BIO_CTRL_FLUSH ? 1 : 0;
}

BIO_METHOD* socket_method() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* made =
        BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "fedharness socket");
    if (made == nullptr || BIO_meth_set_read(made, socket_read) != 1 ||
        BIO_meth_set_write(made, socket_write) != 1 ||
        BIO_meth_set_ctrl(made, socket_control) != 1) {
      throw std::bad_alloc();
    }
    return made;
  }();
  return method;
}

}  // namespace

BIO* make_socket_bio(SocketEnd& end) {
  BIO* bio = BIO_new(socket_method());
  if (bio == nullptr) {
    throw std::bad_alloc();
  }
  BIO_set_data(bio, &end);
  BIO_set_init(bio, 1);
  return bio;
}

}  // namespace fedharness::net
