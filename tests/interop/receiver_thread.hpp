#pragma once

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "net/outcome.hpp"
#include "xmpp/receiver.hpp"

namespace fedharness::test {

/// Our receiving server (xmpp::serve_stream) for one connection on loopback,
/// on an io_context of its own thread, so that a foreign initiator can run
/// its own event loop in the test thread.
class ReceiverThread {
 public:
  /// Listens on 127.0.0.1 at a free port and serves the first connection.
  /// Nothing on that thread outlives `limit`: then its io_context is
  /// destroyed with whatever it still runs, which closes the connection, so
  /// an initiator blocked on it (libstrophe's TLS handshake is synchronous)
  /// is released as well.
  ReceiverThread(xmpp::ReceiverConfig config, std::chrono::milliseconds limit);
  ~ReceiverThread();
  ReceiverThread(const ReceiverThread&) = delete;
  ReceiverThread& operator=(const ReceiverThread&) = delete;

  unsigned short port() const { return port_; }

  /// How the connection ended, or nullopt when it had not ended by `deadline`.
  /// Asked once.
  std::optional<net::ConnectionOutcome> outcome(std::chrono::steady_clock::time_point deadline);

 private:
  std::promise<net::ConnectionOutcome> promise_;
  std::future<net::ConnectionOutcome> future_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace fedharness::test
