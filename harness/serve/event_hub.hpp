#pragma once

#include <deque>
#include <memory>
#include <set>
#include <string>

#include "net/asio.hpp"

namespace fedharness::serve {

/// Live events for the dashboard (GET /api/events, Server-Sent Events):
/// a run started, a path ended, a run ended. Published from any thread;
/// delivered on the server's thread to every subscriber. A subscriber that
/// falls behind (a client that stopped reading) is dropped, never buffered
/// without bound.
class EventHub {
 public:
  /// One client's queue, used on the server's thread only.
  struct Subscriber {
    explicit Subscriber(const net::asio::any_io_executor& executor) : wake(executor) {}
    std::deque<std::string> pending;  // events as SSE text, oldest first
    net::asio::steady_timer wake;     // cancelled when an event arrives
    bool dropped = false;             // fell behind: its connection is to be closed
  };

  static constexpr size_t kMaxPending = 64;

  explicit EventHub(net::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  /// From any thread. `data` is one line (JSON). The latest event is also
  /// what a new subscriber gets first, so that a page opened mid-run shows
  /// the run at once.
  void publish(std::string name, std::string data);

  /// On the server's thread.
  std::shared_ptr<Subscriber> subscribe();
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);

 private:
  void deliver(const std::string& event);

  net::asio::any_io_executor executor_;
  std::set<std::shared_ptr<Subscriber>> subscribers_;
  std::string latest_;
};

}  // namespace fedharness::serve
