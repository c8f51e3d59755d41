#include "sip/initiator.hpp"

#include <fmt/core.h>

#include "net/connect.hpp"
#include "net/dane.hpp"
#include "net/handshake_stage.hpp"
#include "net/tls_failure.hpp"
#include "sip/options.hpp"
#include "sip/transport.hpp"
#include "verify/name_constraints.hpp"

namespace fedharness::sip {

using namespace net;

namespace {

NameCheckHook name_check_for(const InitiatorConfig& config) {
  return [peer = config.peer, policy = config.policy](
             X509* leaf, const std::vector<X509*>& issuers) -> std::string {
    NameCheck check = check_sip_name(inspect_certificate(leaf), peer, *policy);
    apply_wildcard_constraints(check, issuers);
    if (check.matches) {
      return {};
    }
    return fmt::format("the server certificate does not cover {} (it names: {})", check.expected,
                       describe_identities(check));
  };
}

using Ended = std::optional<ConnectionOutcome>;

/// One OPTIONS exchange as the initiating side runs it (RFC 3261 §18 over
/// TLS, RFC 5922 §7.2), a coroutine per stage, each under its own budget. A
/// stage gives the outcome when the exchange ends there, and nothing when it
/// goes on to the next one.
class OptionsExchange {
 public:
  OptionsExchange(InitiatorConfig config, const asio::any_io_executor& executor)
      : config_(std::move(config)),
        stream_(executor, *config_.tls),
        ssl_(stream_.native_handle()),
        clock_(config_.deadlines) {}

  asio::awaitable<ConnectionOutcome> run() {
    if (Ended ended = co_await connect()) {
      co_return std::move(*ended);
    }
    if (Ended ended = co_await secure()) {
      co_return std::move(*ended);
    }
    co_return co_await ask();
  }

 private:
  asio::awaitable<Ended> connect() {
    if (auto failure = co_await connect_within(tcp(), config_.target, clock_)) {
      co_return end(false, failure->code, Side::remote, std::move(failure->evidence));
    }
    local_ = tcp().socket().local_endpoint();
    co_return std::nullopt;
  }

  // RFC 5922 §7.2: our certificate presented, SNI the SRV target, the
  // server's certificate checked for the peer's name as the policy says.
  asio::awaitable<Ended> secure() {
    observe(ssl_, observation_, name_check_for(config_), OnVerifyFailure::refuse,
            config_.transcript);
    SSL_set_tlsext_host_name(ssl_, config_.peer.srv_target.c_str());
    if (config_.dane && config_.policy->dane) {
      require_dane(ssl_, *config_.dane, observation_);
    }
    if (error_code error = co_await handshake_within(stream_, asio::ssl::stream_base::client,
                                                     clock_, observation_)) {
      co_return failed(error);
    }
    co_return std::nullopt;
  }

  // OPTIONS, and its final response: only a 2xx passes. With TLS 1.3 a
  // server's refusal of our certificate arrives here, on the first read
  // after our handshake completed (RFC 8446 §4.4.2.4).
  asio::awaitable<ConnectionOutcome> ask() {
    Message request =
        make_options(config_.from_domain, config_.peer.domain,
                     fmt::format("{}:{}", local_.address().to_string(), local_.port()));
    clock_.begin("sip request", Budget::answer);
    if (auto error = co_await write_message(stream_, request, io_); error) {
      co_return failed(error);
    }
    // The answer's budget starts with the request, and no provisional
    // response extends it (RFC 3261 §17.1.2.2's Timer F, 64*T1, is longer).
    clock_.begin("sip response", Budget::answer);
    Framer framer;
    for (;;) {
      ReadResult read = co_await read_message(stream_, framer, io_);
      if (read.violation) {
        co_return end(false, FindingCode::protocol_violation, Side::remote,
                      fmt::format("at byte {}: {}", read.violation->offset, read.violation->what));
      }
      if (read.error) {
        // After a good handshake, silence is a missing SIP answer, not a TLS problem.
        if (read.error == beast::error::timeout && !observation_.alert_received) {
          co_return end(false, FindingCode::sip_no_response, Side::remote,
                        clock_.timeout_evidence("no final response to OPTIONS"));
        }
        co_return failed(read.error);
      }
      const Message& response = *read.message;
      if (response.is_request()) {
        clock_.received("request", "requests");
        continue;  // a stray request is not the answer
      }
      if (response.status < 200) {
        clock_.received(fmt::format("provisional response ({})", response.start_line()),
                        fmt::format("provisional responses ({})", response.start_line()));
        continue;
      }
      co_return co_await conclude(request, response);
    }
  }

  asio::awaitable<ConnectionOutcome> conclude(const Message& request, const Message& response) {
    std::string evidence = fmt::format("{} {}", request.method, response.start_line());
    if (auto warning = response.header("Warning")) {
      evidence += fmt::format(" (Warning: {})", *warning);
    }
    if (response.status >= 300) {
      co_return end(false, FindingCode::sip_error_response, Side::remote, std::move(evidence));
    }
    // Send close_notify (RFC 8446 §6.1) without waiting for the other side's:
    // the verdict is in, and a round trip per path would only slow the run.
    SSL_set_shutdown(ssl_, SSL_RECEIVED_SHUTDOWN);
    tcp().expires_after(std::chrono::milliseconds(500));
    co_await stream_.async_shutdown(nothrow);
    clock_.begin("done", Budget::path);
    co_return end(true, std::nullopt, Side::local, std::move(evidence));
  }

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  ConnectionOutcome end(bool passed, std::optional<FindingCode> code, Side side,
                        std::string evidence) {
    ConnectionOutcome outcome{passed, code, side, clock_.stage(), std::move(evidence)};
    outcome.tls = std::move(observation_);
    outcome.local_port = local_.port();
    return outcome;
  }

  ConnectionOutcome failed(const error_code& error) {
    record_session(ssl_, observation_);  // what the peer presented, even when refused
    ConnectionOutcome outcome =
        classify_failure(clock_, error, std::move(observation_), TlsRole::client,
                         config_.policy->server_purpose, *config_.trust);
    outcome.local_port = local_.port();
    return outcome;
  }

  InitiatorConfig config_;
  TlsStream stream_;
  SSL* ssl_;
  StageClock clock_;
  IoTerms io_{clock_, config_.transcript};
  TlsObservation observation_;
  tcp::endpoint local_;  // our end, once connected
};

asio::awaitable<ConnectionOutcome> exchange_options(InitiatorConfig config) {
  OptionsExchange exchange(std::move(config), co_await asio::this_coro::executor);
  co_return co_await exchange.run();
}

}  // namespace

asio::awaitable<ConnectionOutcome> initiate_options(InitiatorConfig config) {
  return printable(exchange_options(std::move(config)));
}

}  // namespace fedharness::sip
