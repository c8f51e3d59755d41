#pragma once

#include <chrono>
#include <cstddef>

#include "net/asio.hpp"

namespace fedharness::net {

/// A listening socket on `endpoint` (port 0: any free one), with
/// SO_REUSEADDR. Throws BadInput naming the address and the reason.
tcp::acceptor listen_on(asio::io_context& context, const tcp::endpoint& endpoint);

/// What an accept loop does after a failed accept. The connection stays in
/// the backlog (EMFILE, ENFILE, ENOBUFS: out of descriptors or memory), so
/// trying again at once fails again at once: wait, longer each time up to a
/// second, and say so on stderr at most once a second instead of once per
/// failure.
class AcceptBackoff {
 public:
  void succeeded() { pause_ = std::chrono::milliseconds(0); }
  asio::awaitable<void> failed(tcp::acceptor& acceptor, const error_code& error);

 private:
  size_t failures_ = 0;  // since it last said so
  std::chrono::steady_clock::time_point reported_{};
  std::chrono::milliseconds pause_{0};
};

}  // namespace fedharness::net
