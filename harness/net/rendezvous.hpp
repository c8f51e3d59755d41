#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "net/asio.hpp"

namespace fedharness {

/// Where one side leaves a value under a key for the other side to collect:
/// how an inbound connection ended (keyed by the client's port), a message
/// the Edge received (keyed by its body). Either side may come first; the two
/// may run on different threads.
template <typename Key, typename Value>
class Rendezvous {
 public:
  void post(const Key& key, Value value) {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[key];
    entry.value = std::move(value);
    if (entry.waiter) {
      // A timer may only be touched on its own executor's thread.
      net::asio::post(entry.waiter->get_executor(), [waiter = entry.waiter] { waiter->cancel(); });
    }
  }

  /// The value for `key`, waiting up to `deadline` for it.
  net::asio::awaitable<std::optional<Value>> take(Key key, std::chrono::milliseconds deadline) {
    std::shared_ptr<net::asio::steady_timer> waiter;
    {
      std::lock_guard lock(mutex_);
      Entry& entry = entries_[key];
      if (!entry.value) {
        waiter = std::make_shared<net::asio::steady_timer>(co_await net::asio::this_coro::executor,
                                                           deadline);
        entry.waiter = waiter;
      }
    }
    if (waiter) {
      co_await waiter->async_wait(net::nothrow);
    }
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    std::optional<Value> value = std::move(found->second.value);
    entries_.erase(found);
    co_return value;
  }

 private:
  struct Entry {
    std::optional<Value> value;
    std::shared_ptr<net::asio::steady_timer> waiter;
  };
  std::mutex mutex_;
  std::map<Key, Entry> entries_;
};

}  // namespace fedharness
