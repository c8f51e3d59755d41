#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "net/asio.hpp"
#include "net/outcome.hpp"

namespace fedharness {

/// Where the simulated Edge leaves how each inbound connection ended, keyed
/// by the client's port, for the path that made the connection to collect.
/// Either side may come first; the two may run on different threads.
class OutcomeBoard {
 public:
  void post(unsigned short client_port, net::ConnectionOutcome outcome);

  /// The outcome for `client_port`, waiting up to `deadline` for it.
  net::asio::awaitable<std::optional<net::ConnectionOutcome>> take(
      unsigned short client_port, std::chrono::milliseconds deadline);

 private:
  struct Entry {
    std::optional<net::ConnectionOutcome> outcome;
    std::shared_ptr<net::asio::steady_timer> waiter;
  };
  std::mutex mutex_;
  std::map<unsigned short, Entry> entries_;
};

}  // namespace fedharness
