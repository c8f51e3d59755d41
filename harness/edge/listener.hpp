#pragma once

#include <functional>
#include <memory>

#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "net/worker_pool.hpp"

namespace fedharness {

/// One listening port of the simulated Edge (SIP/TLS on 5061, XMPP s2s on
/// 5269 on a real one): accepts connections and serves each on the next
/// worker, handing how it ended to `on_outcome`.
class Listener {
 public:
  using Serve = std::function<net::asio::awaitable<net::ConnectionOutcome>(net::tcp::socket)>;
  using OutcomeHandler =
      std::function<void(const net::tcp::endpoint& client, net::ConnectionOutcome outcome)>;

  Listener(net::WorkerPool& workers, const net::tcp::endpoint& listen, Serve serve,
           OutcomeHandler on_outcome);

  net::tcp::endpoint endpoint() const { return endpoint_; }

  /// Stops accepting; connections in progress finish on their own.
  void stop();

 private:
  net::asio::awaitable<void> accept_loop();

  net::WorkerPool& workers_;
  net::tcp::acceptor listener_;
  net::tcp::endpoint endpoint_;
  Serve serve_;
  OutcomeHandler on_outcome_;
};

}  // namespace fedharness
