#include "edge/outcome_board.hpp"

namespace fedharness {

using namespace net;

void OutcomeBoard::post(unsigned short client_port, ConnectionOutcome outcome) {
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[client_port];
  entry.outcome = std::move(outcome);
  if (entry.waiter) {
    // A timer may only be touched on its own executor's thread.
    asio::post(entry.waiter->get_executor(), [waiter = entry.waiter] { waiter->cancel(); });
  }
}

asio::awaitable<std::optional<ConnectionOutcome>> OutcomeBoard::take(
    unsigned short client_port, std::chrono::milliseconds deadline) {
  std::shared_ptr<asio::steady_timer> waiter;
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[client_port];
    if (!entry.outcome) {
      waiter = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor, deadline);
      entry.waiter = waiter;
    }
  }
  if (waiter) {
    co_await waiter->async_wait(nothrow);
  }
  std::lock_guard lock(mutex_);
  auto found = entries_.find(client_port);
  std::optional<ConnectionOutcome> outcome = std::move(found->second.outcome);
  entries_.erase(found);
  co_return outcome;
}

}  // namespace fedharness
