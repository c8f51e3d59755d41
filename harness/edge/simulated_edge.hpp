#pragma once

#include <functional>
#include <memory>

#include "net/asio.hpp"
#include "net/worker_pool.hpp"
#include "sip/acceptor.hpp"

namespace fedharness {

/// The simulated Edge's SIP side: a TLS listener that serves the Edge's
/// certificate, verifies connecting partners with the Edge's policy and
/// answers OPTIONS for the topology's SIP domains (RFC 3261 over TLS, 5061 on
/// a real Edge). Each accepted connection runs on the next worker.
class SimulatedEdge {
 public:
  using OutcomeHandler =
      std::function<void(const net::tcp::endpoint& client, net::ConnectionOutcome outcome)>;

  SimulatedEdge(net::WorkerPool& workers, const net::tcp::endpoint& listen,
                sip::AcceptorConfig config, OutcomeHandler on_outcome);

  net::tcp::endpoint sip_endpoint() const { return endpoint_; }

  /// Stops accepting; connections in progress finish on their own.
  void stop();

 private:
  net::asio::awaitable<void> accept_loop();

  net::WorkerPool& workers_;
  net::tcp::acceptor listener_;
  net::tcp::endpoint endpoint_;
  sip::AcceptorConfig config_;
  OutcomeHandler on_outcome_;
};

}  // namespace fedharness
