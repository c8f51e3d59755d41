// Opens COUNT mutual-TLS connections to HOST:PORT, completes every
// handshake, says so on stdout ("ready: N connected, M failed"), and holds
// them open, saying nothing, until SIGTERM or SIGINT: the load of
// scripts/bench-memory, which measures the Edge holding them.
//
//   fedharness_idle_clients HOST PORT COUNT CERT_CHAIN KEY
#include <fmt/core.h>

#include <boost/asio/signal_set.hpp>
#include <cstdlib>
#include <list>

#include "net/asio.hpp"

using namespace fedharness::net;

int main(int argc, char** argv) {
  if (argc != 6) {
    fmt::print(stderr, "usage: {} HOST PORT COUNT CERT_CHAIN KEY\n", argv[0]);
    return 2;
  }
  tcp::endpoint target(asio::ip::make_address(argv[1]),
                       static_cast<unsigned short>(std::atoi(argv[2])));
  int count = std::atoi(argv[3]);
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.use_certificate_chain_file(argv[4]);
  tls.use_private_key_file(argv[5], asio::ssl::context::pem);
  tls.set_verify_mode(asio::ssl::verify_none);  // the load, not a verdict

  asio::io_context io;
  std::list<asio::ssl::stream<tcp::socket>> connections;
  int connected = 0;
  int failed = 0;
  auto settle = [&] {
    if (connected + failed == count) {
      fmt::print("ready: {} connected, {} failed\n", connected, failed);
      std::fflush(stdout);
    }
  };
  // A few hundred handshakes at a time: the listen backlog is finite.
  constexpr int kInFlight = 256;
  int started = 0;
  std::function<void()> start_next = [&] {
    if (started == count) {
      return;
    }
    ++started;
    auto* stream = &connections.emplace_back(io, tls);
    asio::co_spawn(
        io,
        [&, stream]() -> asio::awaitable<void> {
          auto [error] = co_await stream->next_layer().async_connect(target, nothrow);
          if (!error) {
            std::tie(error) =
                co_await stream->async_handshake(asio::ssl::stream_base::client, nothrow);
          }
          (error ? failed : connected) += 1;
          settle();
          start_next();
        },
        asio::detached);
  };
  for (int i = 0; i < kInFlight; ++i) {
    start_next();
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const error_code&, int) { io.stop(); });
  io.run();
  return 0;
}
