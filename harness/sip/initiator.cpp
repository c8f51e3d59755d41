#include "sip/initiator.hpp"

#include <fmt/core.h>

#include "net/tls_failure.hpp"
#include "sip/options.hpp"
#include "sip/transport.hpp"

namespace fedharness::sip {

using namespace net;

namespace {

NameCheckHook name_check_for(const InitiatorConfig& config) {
  return [peer = config.peer, policy = config.policy](X509* leaf) -> std::string {
    NameCheck check = check_sip_name(inspect_certificate(leaf), peer, *policy);
    if (check.matches) {
      return {};
    }
    return fmt::format("the server certificate does not cover {} (it names: {})", check.expected,
                       describe_identities(check));
  };
}

asio::awaitable<ConnectionOutcome> exchange_options(InitiatorConfig config) {
  auto executor = co_await asio::this_coro::executor;
  TlsStream stream(executor, *config.tls);
  TlsObservation observation;
  SSL* ssl = stream.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  observe(ssl, observation, name_check_for(config), OnVerifyFailure::refuse, config.transcript);
  StageClock clock(config.deadlines);
  IoTerms io{clock, config.transcript};
  unsigned short local_port = 0;
  // Every way out goes through one of these two, which attach what was seen.
  auto end = [&](bool passed, std::optional<FindingCode> code, Side side, std::string evidence) {
    ConnectionOutcome outcome{passed, code, side, clock.stage(), std::move(evidence)};
    outcome.tls = std::move(observation);
    outcome.local_port = local_port;
    return outcome;
  };
  auto failed = [&](const error_code& error) {
    record_session(ssl, observation);  // what the peer presented, even when refused
    ConnectionOutcome outcome =
        classify_failure(clock, error, std::move(observation), TlsRole::client,
                         config.policy->server_purpose, *config.trust);
    outcome.local_port = local_port;
    return outcome;
  };

  auto& tcp = beast::get_lowest_layer(stream);
  clock.begin("connect", Budget::connect);
  tcp.expires_at(clock.deadline());
  if (auto [error] = co_await tcp.async_connect(config.target, nothrow); error) {
    FindingCode code =
        error == beast::error::timeout ? FindingCode::timeout : FindingCode::connect_failed;
    co_return end(false, code, Side::remote,
                  fmt::format("connect to {}:{}: {}", config.target.address().to_string(),
                              config.target.port(), error.message()));
  }
  // Without TCP_NODELAY the request waits for a delayed ACK (~40 ms on Linux).
  tcp.socket().set_option(tcp::no_delay(true));
  tcp::endpoint local = tcp.socket().local_endpoint();
  local_port = local.port();
  SSL_set_tlsext_host_name(ssl, config.peer.srv_target.c_str());

  clock.begin("handshake", Budget::tls);
  tcp.expires_at(clock.deadline());
  if (auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::client, nothrow);
      error) {
    co_return failed(error);
  }
  record_session(ssl, observation);

  Message request = make_options(config.from_domain, config.peer.domain,
                                 fmt::format("{}:{}", local.address().to_string(), local.port()));
  clock.begin("sip request", Budget::answer);
  if (auto error = co_await write_message(stream, request, io); error) {
    co_return failed(error);
  }
  // The answer's budget starts with the request, and no provisional
  // response extends it (RFC 3261 §17.1.2.2's Timer F, 64*T1, is longer).
  clock.begin("sip response", Budget::answer);
  Framer framer;
  for (;;) {
    ReadResult read = co_await read_message(stream, framer, io);
    if (read.violation) {
      co_return end(false, FindingCode::protocol_violation, Side::remote,
                    fmt::format("at byte {}: {}", read.violation->offset, read.violation->what));
    }
    if (read.error) {
      // After a good handshake, silence is a missing SIP answer, not a TLS problem.
      if (read.error == beast::error::timeout && !observation.alert_received) {
        co_return end(false, FindingCode::sip_no_response, Side::remote,
                      clock.timeout_evidence("no final response to OPTIONS"));
      }
      co_return failed(read.error);
    }
    const Message& response = *read.message;
    if (response.is_request()) {
      clock.received("request", "requests");
      continue;  // a stray request is not the answer
    }
    if (response.status < 200) {
      clock.received(fmt::format("provisional response ({})", response.start_line()),
                     fmt::format("provisional responses ({})", response.start_line()));
      continue;
    }
    std::string evidence = fmt::format("{} {}", request.method, response.start_line());
    if (auto warning = response.header("Warning")) {
      evidence += fmt::format(" (Warning: {})", *warning);
    }
    if (response.status >= 300) {
      co_return end(false, FindingCode::sip_error_response, Side::remote, std::move(evidence));
    }
    // Send close_notify (RFC 8446 §6.1) without waiting for the other side's:
    // the verdict is in, and a round trip per path would only slow the run.
    SSL_set_shutdown(ssl, SSL_RECEIVED_SHUTDOWN);
    tcp.expires_after(std::chrono::milliseconds(500));
    co_await stream.async_shutdown(nothrow);
    clock.begin("done", Budget::path);
    co_return end(true, std::nullopt, Side::local, std::move(evidence));
  }
}

}  // namespace

asio::awaitable<ConnectionOutcome> initiate_options(InitiatorConfig config) {
  return printable(exchange_options(std::move(config)));
}

}  // namespace fedharness::sip
