#include "sip/acceptor.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "net/tls_failure.hpp"
#include "sip/options.hpp"
#include "sip/transport.hpp"
#include "verify/sip_identity.hpp"

namespace fedharness::sip {

using namespace net;

namespace {

struct Answer {
  Message response;
  std::optional<std::string> name_refusal;  // our evidence, when we refused the certificate
};

// RFC 5922 §7.3: a server receiving a request over mutual TLS checks that the
// client certificate names the domain the request comes from.
std::optional<std::string> name_refusal(const AcceptorConfig& config, const Message& request,
                                        const TlsObservation& observation) {
  if (observation.peer_chain.empty() || config.policy->names == NameRule::none) {
    return std::nullopt;
  }
  std::string from_domain = domain_of_name_addr(request.header("From").value_or(""));
  NameCheck check = check_sip_name(inspect_certificate(observation.peer_chain.front().get()),
                                   PeerName::for_domain(from_domain), *config.policy);
  if (check.matches) {
    return std::nullopt;
  }
  return fmt::format("the client certificate does not cover {} (From domain {}; it names: {})",
                     check.expected, from_domain, describe_identities(check));
}

Answer answer(const AcceptorConfig& config, const Message& request,
              const TlsObservation& observation) {
  std::string to_domain = domain_of_name_addr(request.header("To").value_or(""));
  if (std::ranges::find(config.served_domains, to_domain) == config.served_domains.end()) {
    return {make_response(request, 404, "Not Found",
                          fmt::format("domain {} is not served here", to_domain)),
            std::nullopt};
  }
  if (auto refusal = name_refusal(config, request, observation)) {
    return {make_response(request, 403, "Forbidden", *refusal), refusal};
  }
  return {make_response(request, 200, "OK"), std::nullopt};
}

asio::awaitable<ConnectionOutcome> answer_requests(tcp::socket socket, AcceptorConfig config) {
  socket.set_option(tcp::no_delay(true));
  TlsStream stream(std::move(socket), *config.tls);
  TlsObservation observation;
  SSL* ssl = stream.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  // The names are checked per request, against its From domain (see above).
  observe(ssl, observation, nullptr, OnVerifyFailure::refuse, config.transcript);
  StageClock clock(config.deadlines);
  IoTerms io{clock, config.transcript};
  auto failed = [&](const error_code& error) {
    record_session(ssl, observation);  // what the peer presented, even when refused
    return classify_failure(clock, error, std::move(observation), TlsRole::server,
                            config.policy->client_purpose, *config.trust);
  };

  auto& tcp = beast::get_lowest_layer(stream);
  clock.begin("handshake", Budget::tls);
  tcp.expires_at(clock.deadline());
  if (auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, nothrow);
      error) {
    co_return failed(error);
  }
  record_session(ssl, observation);

  // The verdict is the answer to the first request; later ones change nothing.
  std::optional<ConnectionOutcome> outcome;
  auto finish = [&]() {
    outcome->tls = std::move(observation);
    return std::move(*outcome);
  };
  // Requests until the initiator closes, within one budget: a peer that
  // keeps sending cannot hold the connection open.
  clock.begin("sip request", Budget::request);
  Framer framer;
  for (;;) {
    ReadResult read = co_await read_message(stream, framer, io);
    if (read.violation) {
      co_return ConnectionOutcome{
          false,
          FindingCode::protocol_violation,
          Side::remote,
          "sip request",
          fmt::format("at byte {}: {}", read.violation->offset, read.violation->what),
          std::move(observation)};
    }
    if (read.error) {
      // After the first answer, the other side closing is the normal end.
      if (outcome) {
        co_return finish();
      }
      if (read.error == beast::error::timeout && !observation.alert_received) {
        co_return ConnectionOutcome{false,
                                    FindingCode::timeout,
                                    Side::remote,
                                    "sip request",
                                    clock.timeout_evidence("no request"),
                                    std::move(observation)};
      }
      co_return failed(read.error);
    }
    if (!read.message->is_request()) {
      clock.received("response to nothing we sent", "responses to nothing we sent");
      continue;
    }
    clock.received("request", "requests");
    Answer reply = answer(config, *read.message, observation);
    if (!outcome) {
      std::string exchange =
          fmt::format("{} answered {}", read.message->start_line(), reply.response.start_line());
      outcome = reply.name_refusal
                    ? ConnectionOutcome{false, FindingCode::name_mismatch, Side::local,
                                        "sip request", "our verifier: " + *reply.name_refusal}
                    : ConnectionOutcome{true, std::nullopt, Side::local, "done", exchange};
    }
    if (auto error = co_await write_message(stream, reply.response, io); error) {
      co_return finish();
    }
  }
}

}  // namespace

asio::awaitable<ConnectionOutcome> serve_connection(tcp::socket socket, AcceptorConfig config) {
  return printable(answer_requests(std::move(socket), std::move(config)));
}

}  // namespace fedharness::sip
