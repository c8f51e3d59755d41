#include "edge/listener.hpp"

#include <unistd.h>

#include "net/listening.hpp"

namespace fedharness {

using namespace net;

namespace {

// The same listening socket for another worker's reactor: a connection is
// then accepted, and served, by whichever worker is free first, with no
// hand-over between threads.
tcp::acceptor share_listener(asio::io_context& context, tcp::acceptor& listener) {
  int duplicate = ::dup(listener.native_handle());
  if (duplicate < 0) {
    throw std::system_error(errno, std::generic_category(), "dup of the listening socket");
  }
  return tcp::acceptor(context, listener.local_endpoint().protocol(), duplicate);
}

}  // namespace

Listener::Listener(WorkerPool& workers, const tcp::endpoint& listen, Serve serve,
                   OutcomeHandler on_outcome)
    : serve_(std::move(serve)), on_outcome_(std::move(on_outcome)) {
  acceptors_.push_back(std::make_unique<tcp::acceptor>(listen_on(workers.context(0), listen)));
  endpoint_ = acceptors_.front()->local_endpoint();
  for (size_t i = 1; i < workers.size(); ++i) {
    acceptors_.push_back(
        std::make_unique<tcp::acceptor>(share_listener(workers.context(i), *acceptors_.front())));
  }
  for (auto& acceptor : acceptors_) {
    asio::co_spawn(acceptor->get_executor(), accept_loop(*acceptor), asio::detached);
  }
}

void Listener::stop() {
  for (auto& acceptor : acceptors_) {
    asio::post(acceptor->get_executor(), [&acceptor = *acceptor] { acceptor.close(); });
  }
  live_.shut_down_all();
}

asio::awaitable<void> Listener::accept_loop(tcp::acceptor& acceptor) {
  AcceptBackoff backoff;
  for (;;) {
    tcp::endpoint client;
    auto [error, socket] = co_await acceptor.async_accept(client, nothrow);
    if (error == asio::error::operation_aborted || !acceptor.is_open()) {
      co_return;
    }
    if (error) {
      co_await backoff.failed(acceptor, error);
      continue;
    }
    backoff.succeeded();
    asio::co_spawn(
        acceptor.get_executor(),
        [this, client, socket = std::move(socket)]() mutable -> asio::awaitable<void> {
          int live = live_.track(socket);
          ConnectionOutcome outcome = co_await serve_(std::move(socket));
          live_.release(live);
          on_outcome_(client, std::move(outcome));
        },
        asio::detached);
  }
}

}  // namespace fedharness
