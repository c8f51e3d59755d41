#include "serve/event_hub.hpp"

#include <fmt/core.h>

#include <boost/asio/post.hpp>

namespace fedharness::serve {

void EventHub::publish(std::string name, std::string data) {
  // The SSE framing (WHATWG HTML §9.2): a field per line, a blank line ends
  // the event. `data` is one line of JSON, so it needs no splitting.
  std::string event = fmt::format("event: {}\ndata: {}\n\n", name, data);
  net::asio::post(executor_, [this, event = std::move(event)] { deliver(event); });
}

void EventHub::deliver(const std::string& event) {
  latest_ = event;
  for (const auto& subscriber : subscribers_) {
    if (subscriber->pending.size() >= kMaxPending) {
      subscriber->dropped = true;
    } else {
      subscriber->pending.push_back(event);
    }
    subscriber->wake.cancel();
  }
}

std::shared_ptr<EventHub::Subscriber> EventHub::subscribe() {
  auto subscriber = std::make_shared<Subscriber>(executor_);
  if (!latest_.empty()) {
    subscriber->pending.push_back(latest_);
  }
  subscribers_.insert(subscriber);
  return subscriber;
}

void EventHub::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  subscribers_.erase(subscriber);
}

}  // namespace fedharness::serve
