#include "sip/acceptor.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "net/connection_event.hpp"
#include "net/handshake_stage.hpp"
#include "net/tls_failure.hpp"
#include "sip/options.hpp"
#include "sip/transport.hpp"
#include "verify/name_constraints.hpp"
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
  apply_wildcard_constraints(check, issuers_of(observation.peer_chain));
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

using Ended = std::optional<ConnectionOutcome>;

/// One accepted connection as the answering side runs it: the TLS handshake,
/// then requests until the initiator closes, a coroutine per stage, each
/// under its own budget.
class AnsweringConnection {
 public:
  AnsweringConnection(tcp::socket socket, AcceptorConfig config)
      : config_(std::move(config)),
        stream_(std::move(socket), *config_.tls),
        ssl_(stream_.native_handle()),
        clock_(config_.deadlines) {}

  asio::awaitable<ConnectionOutcome> run() {
    if (Ended ended = co_await secure()) {
      tell(event_of("handshake", *ended));
      co_return std::move(*ended);
    }
    tell(handshake_passed(observation_));
    co_return co_await answer_requests();
  }

 private:
  // RFC 5922 §7.3: TLS as the server, asking for the client's certificate;
  // its names are checked per request, against the From domain (above).
  asio::awaitable<Ended> secure() {
    observe(ssl_, observation_, nullptr, OnVerifyFailure::refuse, config_.transcript);
    if (error_code error = co_await handshake_within(stream_, asio::ssl::stream_base::server,
                                                     clock_, observation_)) {
      co_return failed(error);
    }
    co_return std::nullopt;
  }

  // Requests until the initiator closes, within one budget: a peer that
  // keeps sending cannot hold the connection open. The verdict is the
  // answer to the first request; later ones change nothing.
  asio::awaitable<ConnectionOutcome> answer_requests() {
    clock_.begin("sip request", Budget::request);
    std::optional<ConnectionOutcome> verdict;
    Framer framer;
    for (;;) {
      ReadResult read = co_await read_message(stream_, framer, io_);
      if (read.violation) {
        co_return end(false, FindingCode::protocol_violation, Side::remote,
                      fmt::format("at byte {}: {}", read.violation->offset, read.violation->what));
      }
      if (read.error) {
        // After the first answer, the other side closing is the normal end.
        if (verdict) {
          co_return with_observation(std::move(*verdict));
        }
        if (read.error == beast::error::timeout && !observation_.alert_received) {
          co_return end(false, FindingCode::timeout, Side::remote,
                        clock_.timeout_evidence("no request"));
        }
        co_return failed(read.error);
      }
      if (!read.message->is_request()) {
        clock_.received("response to nothing we sent", "responses to nothing we sent");
        continue;
      }
      clock_.received("request", "requests");
      Answer reply = answer(config_, *read.message, observation_);
      tell(request_event(*read.message, reply));
      if (!verdict) {
        verdict = reply.name_refusal
                      ? ConnectionOutcome{false, FindingCode::name_mismatch, Side::local,
                                          "sip request", "our verifier: " + *reply.name_refusal}
                      : ConnectionOutcome{true, std::nullopt, Side::local, "done",
                                          fmt::format("{} answered {}", read.message->start_line(),
                                                      reply.response.start_line())};
      }
      if (auto error = co_await write_message(stream_, reply.response, io_); error) {
        co_return with_observation(std::move(*verdict));
      }
    }
  }

  void tell(const ConnectionEvent& event) const {
    if (config_.on_event) {
      config_.on_event(event);
    }
  }

  // Every request's answer, the later ones too: a partner may send several
  // on one connection, and each is a verdict of its own.
  static ConnectionEvent request_event(const Message& request, const Answer& reply) {
    std::string evidence =
        fmt::format("{} answered {}", request.start_line(), reply.response.start_line());
    if (reply.name_refusal) {
      return {.exchange = "request",
              .code = FindingCode::name_mismatch,
              .evidence = evidence + ": our verifier: " + *reply.name_refusal};
    }
    return {.exchange = "request", .passed = reply.response.status == 200, .evidence = evidence};
  }

  ConnectionOutcome end(bool passed, std::optional<FindingCode> code, Side side,
                        std::string evidence) {
    return with_observation(
        ConnectionOutcome{passed, code, side, clock_.stage(), std::move(evidence)});
  }

  ConnectionOutcome with_observation(ConnectionOutcome outcome) {
    outcome.tls = std::move(observation_);
    return outcome;
  }

  ConnectionOutcome failed(const error_code& error) {
    record_session(ssl_, observation_);  // what the peer presented, even when refused
    return classify_failure(clock_, error, std::move(observation_), TlsRole::server,
                            config_.policy->client_purpose, *config_.trust);
  }

  AcceptorConfig config_;
  TlsStream stream_;
  SSL* ssl_;
  StageClock clock_;
  IoTerms io_{clock_, config_.transcript};
  TlsObservation observation_;
};

asio::awaitable<ConnectionOutcome> answer_connection(tcp::socket socket, AcceptorConfig config) {
  socket.set_option(tcp::no_delay(true));
  AnsweringConnection connection(std::move(socket), std::move(config));
  co_return co_await connection.run();
}

}  // namespace

asio::awaitable<ConnectionOutcome> serve_connection(tcp::socket socket, AcceptorConfig config) {
  return printable(answer_connection(std::move(socket), std::move(config)));
}

}  // namespace fedharness::sip
