#include "net/listening.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "util/bad_input.hpp"

namespace fedharness::net {

tcp::acceptor listen_on(asio::io_context& context, const tcp::endpoint& endpoint) {
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

asio::awaitable<void> AcceptBackoff::failed(tcp::acceptor& acceptor, const error_code& error) {
  using namespace std::chrono_literals;
  auto now = std::chrono::steady_clock::now();
  ++failures_;
  if (now - reported_ >= 1s) {
    error_code ignored;
    tcp::endpoint endpoint = acceptor.local_endpoint(ignored);
    fmt::print(stderr, "fedharness: cannot accept on {}:{}: {} ({} time{} since the last report)\n",
               endpoint.address().to_string(), endpoint.port(), error.message(), failures_,
               failures_ == 1 ? "" : "s");
    reported_ = now;
    failures_ = 0;
  }
  pause_ = std::clamp(pause_ * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  asio::steady_timer timer(acceptor.get_executor(), pause_);
  co_await timer.async_wait(nothrow);
}

}  // namespace fedharness::net
