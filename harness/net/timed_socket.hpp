#pragma once

#include <chrono>
#include <memory>
#include <tuple>

#include "net/asio.hpp"

namespace fedharness::net {

/// A TCP socket whose every wait runs under a deadline. `expires_after` sets
/// the point in time; every operation until the next call shares it, and one
/// that is still waiting then (or starts after it) ends with
/// beast::error::timeout. One timer arm per deadline, not per operation: a
/// path sets five or six deadlines and makes a dozen waits.
class TimedSocket {
 public:
  explicit TimedSocket(const asio::any_io_executor& executor);
  explicit TimedSocket(tcp::socket socket);

  tcp::socket& socket();
  void expires_after(std::chrono::steady_clock::duration timeout);

  asio::awaitable<error_code> connect(const tcp::endpoint& peer);
  /// Waits until the socket is readable or writable (for TLS over the socket
  /// itself, see TlsSocket).
  asio::awaitable<error_code> wait(tcp::socket::wait_type readiness);
  asio::awaitable<std::tuple<error_code, std::size_t>> read_some(asio::mutable_buffer buffer);
  asio::awaitable<error_code> write_all(asio::const_buffer buffer);

 private:
  struct State;
  // Shared with the timer's handler, which may run after this socket is gone
  // (a timer that fired is queued, and cancelling it then has no effect).
  std::shared_ptr<State> state_;
};

}  // namespace fedharness::net
