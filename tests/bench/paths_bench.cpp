// Paths per second of `fedharness run` for 200 SIP paths and 200 XMPP paths
// against the simulated Edge, beside the raw OpenSSL bound measured in the
// same run: the same full mutual-TLS handshake with the same certificates and
// contexts, both ends in one thread over an in-memory BIO pair, nothing else. Target
// (issue 3): SIP paths per second at least 0.8 of the bound per worker thread.
#include <benchmark/benchmark.h>
#include <fmt/core.h>
#include <openssl/ssl.h>

#include "net/asio.hpp"
#include "net/tls_context.hpp"
#include "scenario/environment.hpp"
#include "scenario/runner.hpp"

namespace fedharness {
namespace {

constexpr size_t kPaths = 200;

// 200 inbound paths of one protocol, alternating between the Edge's two
// domains, each partner verifying as the protocol's usual partner does.
Scenario make_bench_scenario(Protocol protocol) {
  Scenario s;
  s.file = "bench.yaml";
  s.id = "bench";
  s.name = fmt::format("200 inbound {} paths", to_string(protocol));
  s.topology = load_topology(std::filesystem::path(FEDHARNESS_SOURCE_DIR) /
                             "scenarios/topologies/contoso.yaml");
  s.edge.policy = find_policy("lync");
  s.edge.xmpp_policy = find_policy("lync-xmpp");
  for (size_t i = 0; i < kPaths; ++i) {
    PathSpec path;
    path.id = "path-" + std::to_string(i);
    path.protocol = protocol;
    path.direction = Direction::inbound;
    path.edge_domain = i % 2 == 0 ? "contoso.com" : "fabrikam.com";
    path.partner = "partner.example";
    path.policy = find_policy(protocol == Protocol::sip ? "lync" : "xmpp-rfc6120");
    s.paths.push_back(std::move(path));
  }
  return s;
}

const Scenario& bench_scenario(Protocol protocol = Protocol::sip) {
  static const Scenario sip = make_bench_scenario(Protocol::sip);
  static const Scenario xmpp = make_bench_scenario(Protocol::xmpp);
  return protocol == Protocol::sip ? sip : xmpp;
}

// SIP: TLS and OPTIONS answered. XMPP: STARTTLS, TLS, SASL EXTERNAL, a ping
// answered (three stream headers each way).
void paths_against_simulated_edge(benchmark::State& state, Protocol protocol) {
  std::string failure;
  for (auto _ : state) {
    auto results =
        run_scenarios({bench_scenario(protocol)}, {.jobs = static_cast<size_t>(state.range(0))});
    for (const auto& path : results.front().paths) {
      if (!path.met_expectation() && failure.empty()) {
        failure = path.spec->id + ": " + path.reason + " (" + path.observed.evidence + ")";
      }
    }
  }
  if (!failure.empty()) {
    // A figure that counts failed paths would measure the failures.
    state.SkipWithError(failure.c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kPaths));
}
BENCHMARK_CAPTURE(paths_against_simulated_edge, sip, Protocol::sip)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(paths_against_simulated_edge, xmpp, Protocol::xmpp)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Both ends of one mutual-TLS handshake in this thread over a BIO pair.
void raw_openssl_mutual_handshake(benchmark::State& state) {
  const Scenario& scenario = bench_scenario();
  ScenarioEnvironment environment(scenario, std::chrono::system_clock::now());
  const PathSpec& path = scenario.paths.front();
  auto server = net::make_tls_context(net::TlsRole::server, scenario.edge.policy,
                                      environment.edge_trust(), &environment.edge_identity());
  auto client =
      net::make_tls_context(net::TlsRole::client, path.policy, environment.partner_trust(),
                            environment.partner_identity(path));
  for (auto _ : state) {
    SSL* client_ssl = SSL_new(client->native_handle());
    SSL* server_ssl = SSL_new(server->native_handle());
    BIO* client_bio = nullptr;
    BIO* server_bio = nullptr;
    BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
    SSL_set_bio(client_ssl, client_bio, client_bio);
    SSL_set_bio(server_ssl, server_bio, server_bio);
    SSL_set_tlsext_host_name(client_ssl, "sip.contoso.com");
    SSL_set_connect_state(client_ssl);
    SSL_set_accept_state(server_ssl);
    int client_done = 0;
    int server_done = 0;
    for (int round = 0; round < 10 && (client_done != 1 || server_done != 1); ++round) {
      client_done = SSL_do_handshake(client_ssl);
      server_done = SSL_do_handshake(server_ssl);
    }
    if (client_done != 1 || server_done != 1) {
      state.SkipWithError("the raw handshake did not complete");
    }
    SSL_free(client_ssl);
    SSL_free(server_ssl);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
// With two threads, each doing the same on its own: the bound of two workers,
// measured rather than taken as twice one thread's (two threads of OpenSSL 3.0
// share its locks, and two vCPUs of a VM need not be two whole cores).
BENCHMARK(raw_openssl_mutual_handshake)
    ->Unit(benchmark::kMicrosecond)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

// The same handshake through Asio over loopback TCP, nothing else: the floor
// that sockets and asio::ssl put under a path, between the raw bound and a
// whole SIP path. One connection at a time, both ends on one io_context.
void asio_loopback_mutual_handshake(benchmark::State& state) {
  using namespace net;
  const Scenario& scenario = bench_scenario();
  ScenarioEnvironment environment(scenario, std::chrono::system_clock::now());
  const PathSpec& path = scenario.paths.front();
  auto server = make_tls_context(TlsRole::server, scenario.edge.policy, environment.edge_trust(),
                                 &environment.edge_identity());
  auto client = make_tls_context(TlsRole::client, path.policy, environment.partner_trust(),
                                 environment.partner_identity(path));
  asio::io_context io(1);
  tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  bool failed = false;
  // Both coroutines are lambdas that capture by reference: each closure must
  // outlive its coroutine (the accepting end may finish after the connecting
  // one), so both live here, not one inside the other.
  auto accept_side = [&]() -> asio::awaitable<void> {
    tcp::socket socket = co_await listener.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    TlsStream accepted(std::move(socket), *server);
    auto [error] = co_await accepted.async_handshake(asio::ssl::stream_base::server, nothrow);
    failed |= static_cast<bool>(error);
  };
  auto one_handshake = [&]() -> asio::awaitable<void> {
    asio::co_spawn(io, accept_side(), asio::detached);
    TlsStream connecting(io, *client);
    co_await beast::get_lowest_layer(connecting)
        .async_connect(listener.local_endpoint(), asio::use_awaitable);
    beast::get_lowest_layer(connecting).socket().set_option(tcp::no_delay(true));
    auto [error] = co_await connecting.async_handshake(asio::ssl::stream_base::client, nothrow);
    failed |= static_cast<bool>(error);
  };
  for (auto _ : state) {
    asio::co_spawn(io, one_handshake(), asio::detached);
    io.run();
    io.restart();
  }
  if (failed) {
    state.SkipWithError("a handshake failed");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(asio_loopback_mutual_handshake)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fedharness

namespace fedharness {
namespace {

// What building one TLS context costs (OpenSSL 3.0's SSL_CTX_new is heavy):
// the reason contexts are built once per (role, policy, trust, identity).
void build_tls_context(benchmark::State& state) {
  const Scenario& scenario = bench_scenario();
  ScenarioEnvironment environment(scenario, std::chrono::system_clock::now());
  for (auto _ : state) {
    benchmark::DoNotOptimize(net::make_tls_context(net::TlsRole::server, scenario.edge.policy,
                                                   environment.edge_trust(),
                                                   &environment.edge_identity()));
  }
}
BENCHMARK(build_tls_context)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fedharness
