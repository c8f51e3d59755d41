#include "edge/listener.hpp"

#include <fmt/core.h>

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

}  // namespace

Listener::Listener(WorkerPool& workers, const tcp::endpoint& listen, Serve serve,
                   OutcomeHandler on_outcome)
    : workers_(workers),
      listener_(open_listener(workers.context(0), listen)),
      endpoint_(listener_.local_endpoint()),
      serve_(std::move(serve)),
      on_outcome_(std::move(on_outcome)) {
  asio::co_spawn(listener_.get_executor(), accept_loop(), asio::detached);
}

void Listener::stop() {
  asio::post(listener_.get_executor(), [this] { listener_.close(); });
}

asio::awaitable<void> Listener::accept_loop() {
  for (;;) {
    auto executor = workers_.next_executor();
    auto [error, socket] = co_await listener_.async_accept(executor, nothrow);
    if (error == asio::error::operation_aborted || !listener_.is_open()) {
      co_return;
    }
    if (error) {
      continue;  // a connection that died before accept; the next one may be fine
    }
    tcp::endpoint client = socket.remote_endpoint(error);
    asio::co_spawn(
        executor,
        [this, client, socket = std::move(socket)]() mutable -> asio::awaitable<void> {
          on_outcome_(client, co_await serve_(std::move(socket)));
        },
        asio::detached);
  }
}

}  // namespace fedharness
