#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "edge/live_connections.hpp"
#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "net/worker_pool.hpp"

namespace fedharness {

/// One listening port of the simulated Edge (SIP/TLS on 5061, XMPP s2s on
/// 5269 on a real one): every worker accepts connections on it and serves
/// each where it accepted it, handing how it ended to `on_outcome`.
class Listener {
 public:
  using Serve = std::function<net::asio::awaitable<net::ConnectionOutcome>(net::tcp::socket)>;
  using OutcomeHandler =
      std::function<void(const net::tcp::endpoint& client, net::ConnectionOutcome outcome)>;

  Listener(net::WorkerPool& workers, const net::tcp::endpoint& listen, Serve serve,
           OutcomeHandler on_outcome);

  net::tcp::endpoint endpoint() const { return endpoint_; }

  /// Stops accepting, and ends the connections still open (their reads see
  /// the end of the stream).
  void stop();

 private:
  net::asio::awaitable<void> accept_loop(net::tcp::acceptor& acceptor);

  // One per worker, all on the same listening socket (the others hold
  // duplicates of the first one's descriptor), each used on its worker only.
  std::vector<std::unique_ptr<net::tcp::acceptor>> acceptors_;
  net::tcp::endpoint endpoint_;
  Serve serve_;
  OutcomeHandler on_outcome_;
  LiveConnections live_;
};

}  // namespace fedharness
