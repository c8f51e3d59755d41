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

}  // namespace

asio::awaitable<ConnectionOutcome> initiate_options(InitiatorConfig config) {
  auto executor = co_await asio::this_coro::executor;
  TlsStream stream(executor, *config.tls);
  TlsObservation observation;
  SSL* ssl = stream.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  observe(ssl, observation, name_check_for(config), OnVerifyFailure::refuse, config.transcript);
  IoTerms io{config.deadlines.read, config.transcript};
  unsigned short local_port = 0;
  // Every way out goes through one of these two, which attach what was seen.
  auto end = [&](ConnectionOutcome outcome) {
    outcome.tls = std::move(observation);
    outcome.local_port = local_port;
    return outcome;
  };
  auto failed = [&](std::string stage, const error_code& error) {
    record_session(ssl, observation);  // what the peer presented, even when refused
    ConnectionOutcome outcome =
        classify_failure(std::move(stage), error, std::move(observation), TlsRole::client,
                         config.policy->server_purpose, *config.trust);
    outcome.local_port = local_port;
    return outcome;
  };

  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(config.deadlines.connect);
  if (auto [error] = co_await tcp.async_connect(config.target, nothrow); error) {
    FindingCode code =
        error == beast::error::timeout ? FindingCode::timeout : FindingCode::connect_failed;
    co_return end({false, code, Side::remote, "connect",
                   fmt::format("connect to {}:{}: {}", config.target.address().to_string(),
                               config.target.port(), error.message())});
  }
  // Without TCP_NODELAY the request waits for a delayed ACK (~40 ms on Linux).
  tcp.socket().set_option(tcp::no_delay(true));
  tcp::endpoint local = tcp.socket().local_endpoint();
  local_port = local.port();
  SSL_set_tlsext_host_name(ssl, config.peer.srv_target.c_str());

  tcp.expires_after(config.deadlines.handshake);
  if (auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::client, nothrow);
      error) {
    co_return failed("handshake", error);
  }
  record_session(ssl, observation);

  Message request = make_options(config.from_domain, config.peer.domain,
                                 fmt::format("{}:{}", local.address().to_string(), local.port()));
  if (auto error = co_await write_message(stream, request, io); error) {
    co_return failed("sip request", error);
  }
  Framer framer;
  for (;;) {
    ReadResult read = co_await read_message(stream, framer, io);
    if (read.violation) {
      co_return end({false, FindingCode::protocol_violation, Side::remote, "sip response",
                     fmt::format("at byte {}: {}", read.violation->offset, read.violation->what)});
    }
    if (read.error) {
      // After a good handshake, silence is a missing SIP answer, not a TLS problem.
      if (read.error == beast::error::timeout && !observation.alert_received) {
        co_return end({false, FindingCode::sip_no_response, Side::remote, "sip response",
                       "no response to OPTIONS before the deadline"});
      }
      co_return failed("sip response", read.error);
    }
    const Message& response = *read.message;
    if (response.is_request() || response.status < 200) {
      continue;  // provisional responses (and stray requests) are not the answer
    }
    std::string evidence = fmt::format("{} {}", request.method, response.start_line());
    if (auto warning = response.header("Warning")) {
      evidence += fmt::format(" (Warning: {})", *warning);
    }
    if (response.status >= 300) {
      co_return end({false, FindingCode::sip_error_response, Side::remote, "sip response",
                     std::move(evidence)});
    }
    // Send close_notify (RFC 8446 §6.1) without waiting for the other side's:
    // the verdict is in, and a round trip per path would only slow the run.
    SSL_set_shutdown(ssl, SSL_RECEIVED_SHUTDOWN);
    tcp.expires_after(std::chrono::milliseconds(500));
    co_await stream.async_shutdown(nothrow);
    co_return end({true, std::nullopt, Side::local, "done", std::move(evidence)});
  }
}

}  // namespace fedharness::sip
