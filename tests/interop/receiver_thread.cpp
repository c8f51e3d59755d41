#include "receiver_thread.hpp"

namespace fedharness::test {

using namespace net;

ReceiverThread::ReceiverThread(xmpp::ReceiverConfig config, std::chrono::milliseconds limit)
    : future_(promise_.get_future()) {
  std::promise<unsigned short> bound;
  std::future<unsigned short> port = bound.get_future();
  thread_ =
      std::thread([this, config = std::move(config), limit, bound = std::move(bound)]() mutable {
        // Everything asio owns is made and destroyed on this thread: the
        // io_context last, after the acceptor, taking a stuck stream with it.
        asio::io_context io;
        std::optional<tcp::acceptor> listener;
        try {
          listener.emplace(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
          bound.set_value(listener->local_endpoint().port());
        } catch (...) {
          bound.set_exception(std::current_exception());
          return;
        }
        asio::co_spawn(
            io,
            [&]() -> asio::awaitable<void> {
              try {
                tcp::socket socket = co_await listener->async_accept(asio::use_awaitable);
                promise_.set_value(co_await xmpp::serve_stream(std::move(socket), config));
              } catch (...) {
                promise_.set_exception(std::current_exception());
              }
            },
            asio::detached);
        io.run_for(limit);
      });
  try {
    port_ = port.get();
  } catch (...) {
    thread_.join();
    throw;
  }
}

ReceiverThread::~ReceiverThread() {
  thread_.join();
}

std::optional<ConnectionOutcome> ReceiverThread::outcome(
    std::chrono::steady_clock::time_point deadline) {
  if (future_.wait_until(deadline) != std::future_status::ready) {
    return std::nullopt;
  }
  return future_.get();
}

}  // namespace fedharness::test
