// The simulated Edge's listener: stopping it ends the connections it still
// serves, so that a run is over when its paths are, whatever a peer keeps open.
#include "edge/listener.hpp"

#include <catch2/catch.hpp>
#include <optional>

#include "net/worker_pool.hpp"

using namespace fedharness;
using namespace fedharness::net;

TEST_CASE("stopping a listener ends the reads of the connections it serves", "[listener]") {
  WorkerPool workers(1);
  std::optional<ConnectionOutcome> served;
  std::unique_ptr<Listener> listener;
  // The connection's read waits a minute: only the stop can end it sooner.
  auto serve = [&](tcp::socket socket) -> asio::awaitable<ConnectionOutcome> {
    asio::post(socket.get_executor(), [&] { listener->stop(); });
    char byte = 0;
    asio::steady_timer deadline(socket.get_executor(), std::chrono::minutes(1));
    deadline.async_wait([&](const error_code& error) {
      if (!error) {
        socket.cancel();
      }
    });
    auto [error, read] = co_await socket.async_read_some(asio::buffer(&byte, 1), nothrow);
    deadline.cancel();
    co_return ConnectionOutcome{.passed = false, .evidence = error.message()};
  };
  listener =
      std::make_unique<Listener>(workers, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0),
                                 serve, [&](const tcp::endpoint&, ConnectionOutcome outcome) {
                                   served = std::move(outcome);
                                   workers.finish();
                                 });
  // A peer that connects and then says nothing, as an idle server-to-server
  // stream does.
  tcp::socket peer(workers.context(0));
  peer.connect(listener->endpoint());
  workers.run();
  REQUIRE(served);
  CHECK(served->evidence == asio::error::make_error_code(asio::error::eof).message());
}
