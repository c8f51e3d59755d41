#include "edge/listener.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>

#include "util/bad_input.hpp"

namespace fedharness {

using namespace net;

namespace {

tcp::acceptor open_listener(asio::io_context& context, const tcp::endpoint& endpoint) {
  tcp::acceptor listener(context);
  error_code error;
  listener.open(endpoint.protocol(), error);
  if (!error) {
    listener.set_option(tcp::acceptor::reuse_address(true), error);
  }
  if (!error) {
    listener.bind(endpoint, error);
  }
  if (!error) {
    listener.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    throw BadInput(fmt::format("cannot listen on {}:{}: {}", endpoint.address().to_string(),
                               endpoint.port(), error.message()));
  }
  return listener;
}

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
  acceptors_.push_back(std::make_unique<tcp::acceptor>(open_listener(workers.context(0), listen)));
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
  AcceptTrouble trouble;
  for (;;) {
    tcp::endpoint client;
    auto [error, socket] = co_await acceptor.async_accept(client, nothrow);
    if (error == asio::error::operation_aborted || !acceptor.is_open()) {
      co_return;
    }
    if (error) {
      co_await back_off(acceptor, error, trouble);
      continue;
    }
    trouble.reset();
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

// A failed accept leaves the connection in the backlog (EMFILE, ENFILE,
// ENOBUFS: out of descriptors or memory), so trying again at once fails
// again at once: wait, longer each time up to a second, and say so on
// stderr at most once a second instead of once per failure.
asio::awaitable<void> Listener::back_off(tcp::acceptor& acceptor, const error_code& error,
                                         AcceptTrouble& trouble) {
  using namespace std::chrono_literals;
  auto now = std::chrono::steady_clock::now();
  ++trouble.failures;
  if (now - trouble.reported >= 1s) {
    fmt::print(stderr, "fedharness: cannot accept on {}:{}: {} ({} time{} since the last report)\n",
               endpoint_.address().to_string(), endpoint_.port(), error.message(), trouble.failures,
               trouble.failures == 1 ? "" : "s");
    trouble.reported = now;
    trouble.failures = 0;
  }
  trouble.pause =
      std::clamp(trouble.pause * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  asio::steady_timer timer(acceptor.get_executor(), trouble.pause);
  co_await timer.async_wait(nothrow);
}

}  // namespace fedharness
