#include "xmpp/initiator.hpp"

#include <fmt/core.h>

#include <boost/beast/core/detail/base64.hpp>

#include "net/alpn.hpp"
#include "net/connect.hpp"
#include "net/dane.hpp"
#include "net/handshake_stage.hpp"
#include "net/tls_failure.hpp"
#include "pki/certificate_info.hpp"
#include "verify/name_constraints.hpp"
#include "verify/xmpp_identity.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/refusal_text.hpp"
#include "xmpp/stream_io.hpp"

namespace fedharness::xmpp {

using namespace net;

namespace {

// XEP-0178 §3: the authorization identity is the initiating domain, base64.
std::string external_auth(std::string_view from_domain) {
  std::string encoded(beast::detail::base64::encoded_size(from_domain.size()), '\0');
  encoded.resize(
      beast::detail::base64::encode(encoded.data(), from_domain.data(), from_domain.size()));
  return fmt::format("<auth xmlns='{}' mechanism='EXTERNAL'>{}</auth>", kSaslNs, encoded);
}

bool offers_external(const XmlElement& features) {
  const XmlElement* mechanisms = features.child(kSaslNs, "mechanisms");
  if (mechanisms == nullptr) {
    return false;
  }
  return std::ranges::any_of(mechanisms->children, [](const XmlElement& mechanism) {
    return mechanism.name == "mechanism" && mechanism.text == "EXTERNAL";
  });
}

// Prosody words every chain error but expiry "is not trusted", the purpose
// check included, and says "could not be validated" when no certificate came.
// What we presented tells those apart: no certificate, or a chain that fails
// OpenSSL's client-purpose check (issuing CAs included) while the rest of it
// may well be trusted. The evidence says when a code was inferred this way.
struct RefinedRefusal {
  FindingCode code;
  std::string note;
};

RefinedRefusal refine_refusal(FindingCode code, SSL* ssl) {
  X509* leaf = SSL_get_certificate(ssl);
  if (leaf == nullptr) {
    return {FindingCode::client_cert_missing, " (we presented no certificate)"};
  }
  if (code != FindingCode::chain_untrusted && code != FindingCode::xmpp_stream_error &&
      code != FindingCode::xmpp_auth_failed) {
    return {code, ""};
  }
  bool client_purpose = X509_check_purpose(leaf, X509_PURPOSE_SSL_CLIENT, 0) == 1;
  STACK_OF(X509)* chain = nullptr;
  SSL_get0_chain_certs(ssl, &chain);
  for (int i = 0; client_purpose && chain != nullptr && i < sk_X509_num(chain); ++i) {
    client_purpose = X509_check_purpose(sk_X509_value(chain, i), X509_PURPOSE_SSL_CLIENT, 1) == 1;
  }
  if (!client_purpose) {
    return {FindingCode::eku_client_missing,
            " (inferred: the chain we presented does not allow clientAuth)"};
  }
  return {code, ""};
}

// XEP-0220 §2.1: a receiving server that does dialback announces the feature.
bool offers_dialback(const XmlElement& features) {
  return features.child(kDialbackFeatureNs, "dialback") != nullptr;
}

// The type and, for type='error', the condition of a dialback answer.
std::string dialback_refusal(const XmlElement& answer) {
  std::string refusal(answer.attribute("type").value_or("no type"));
  if (const XmlElement* error = answer.child(kServerNs, "error");
      error != nullptr && !error->children.empty()) {
    refusal += " <" + error->children.front().name + "/>";
  }
  return refusal;
}

NameCheckHook name_check_for(const InitiatorConfig& config) {
  return [domain = config.to_domain, policy = config.policy](
             X509* leaf, const std::vector<X509*>& issuers) -> std::string {
    NameCheck check = check_xmpp_name(inspect_certificate(leaf), domain, *policy);
    apply_wildcard_constraints(check, issuers);
    if (check.matches) {
      return {};
    }
    return fmt::format("the server certificate does not cover {} (it offers: {})", check.expected,
                       describe_identities(check));
  };
}

using Ended = std::optional<ConnectionOutcome>;

/// One server-to-server stream as the initiating server runs it, a
/// coroutine per stage in the order of RFC 6120 §9.1's examples, each under
/// its own budget. A stage gives the outcome when the stream ends there, and
/// nothing when the stream goes on to the next one.
class InitiatingStream {
 public:
  InitiatingStream(InitiatorConfig config, const asio::any_io_executor& executor)
      : config_(std::move(config)), tcp_(executor), clock_(config_.deadlines) {}

  asio::awaitable<ConnectionOutcome> run() {
    if (Ended ended = co_await connect()) {
      co_return std::move(*ended);
    }
    // With direct TLS (XEP-0368) the stream starts inside TLS.
    if (!config_.direct_tls) {
      if (Ended ended = co_await negotiate_starttls()) {
        co_return std::move(*ended);
      }
    }
    if (Ended ended = co_await secure()) {
      co_return std::move(*ended);
    }
    StreamRead features = co_await restart();
    if (!features.ok()) {
      co_return failed_read(features);
    }
    if (config_.question) {
      co_return co_await ask_dialback_question();
    }
    if (Ended ended = co_await authenticate(*features.element)) {
      co_return std::move(*ended);
    }
    co_return co_await ping();
  }

 private:
  // TCP to the receiving server.
  asio::awaitable<Ended> connect() {
    if (auto failure = co_await connect_within(tcp_, config_.target, clock_)) {
      co_return end(false, failure->code, Side::remote, std::move(failure->evidence));
    }
    local_port_ = tcp_.socket().local_endpoint().port();
    co_return std::nullopt;
  }

  // RFC 6120 §5.4.2: our stream header, the receiver's features, which must
  // offer STARTTLS, then <starttls/> answered with <proceed/>.
  asio::awaitable<Ended> negotiate_starttls() {
    clock_.begin("stream", Budget::stream);
    if (auto error = co_await write_text(tcp_, our_header(), io_)) {
      co_return failed_read({error});
    }
    if (StreamRead read = co_await read_header(tcp_, xml_, io_); !read.ok()) {
      co_return failed_read(read);
    }
    StreamRead features = co_await read_element(tcp_, xml_, io_);
    if (!features.ok()) {
      co_return failed_read(features);
    }
    if (!features.element->child(kTlsNs, "starttls")) {
      co_return end(false, FindingCode::xmpp_starttls_not_offered, Side::remote,
                    "the stream features offer no <starttls/>");
    }
    clock_.begin("starttls", Budget::starttls);
    if (auto error =
            co_await write_text(tcp_, fmt::format("<starttls xmlns='{}'/>", kTlsNs), io_)) {
      co_return failed_read({error});
    }
    StreamRead proceed = co_await read_element(tcp_, xml_, io_);
    if (!proceed.ok()) {
      co_return failed_read(proceed);
    }
    // RFC 6120 §5.4.2.2: <failure/> is the receiver's refusal; anything
    // else in its place breaks the protocol.
    if (proceed.element->is(kTlsNs, "failure")) {
      co_return end(false, FindingCode::xmpp_starttls_not_offered, Side::remote,
                    "STARTTLS answered with <failure/> (RFC 6120 §5.4.2.2)");
    }
    if (!proceed.element->is(kTlsNs, "proceed")) {
      co_return end(false, FindingCode::protocol_violation, Side::remote,
                    fmt::format("STARTTLS answered with <{}/> in '{}', not <proceed/>",
                                proceed.element->name, proceed.element->ns));
    }
    co_return std::nullopt;
  }

  // RFC 6120 §5.4.3: TLS over the same connection, our certificate
  // presented, SNI the receiving domain.
  asio::awaitable<Ended> secure() {
    tls_ = std::make_unique<TlsStream>(std::move(tcp_), *config_.tls);
    ssl_ = tls_->native_handle();
    // A verification connection trusts DNS, as dialback does, not the
    // certificate: it records what it sees and refuses nothing.
    if (config_.question) {
      observe(ssl_, observation_, nullptr, OnVerifyFailure::record, config_.transcript);
    } else {
      observe(ssl_, observation_, name_check_for(config_), OnVerifyFailure::refuse,
              config_.transcript);
    }
    SSL_set_tlsext_host_name(ssl_, config_.to_domain.c_str());
    if (config_.dane && config_.policy->dane) {
      require_dane(ssl_, *config_.dane, observation_);
    }
    if (config_.direct_tls) {
      offer_alpn(ssl_, kXmppServerAlpn);  // XEP-0368 §3
    }
    if (error_code error = co_await handshake_within(*tls_, asio::ssl::stream_base::client, clock_,
                                                     observation_)) {
      co_return failed_read({error});
    }
    co_return std::nullopt;
  }

  // RFC 6120 §4.3.3: a fresh stream after TLS and after SASL; its features.
  asio::awaitable<StreamRead> restart() {
    clock_.begin("sasl", Budget::stream);
    xml_.restart();
    if (auto error = co_await write_text(*tls_, our_header(), io_)) {
      co_return StreamRead{error};
    }
    if (StreamRead read = co_await read_header(*tls_, xml_, io_); !read.ok()) {
      co_return read;
    }
    co_return co_await read_element(*tls_, xml_, io_);
  }

  // XEP-0220 §2.3: as a receiving server, ask the authoritative server
  // whether a key is the one it issued.
  asio::awaitable<ConnectionOutcome> ask_dialback_question() {
    clock_.begin("dialback verify", Budget::auth);
    const DialbackQuestion& question = *config_.question;
    if (auto error =
            co_await write_text(*tls_,
                                dialback_request("verify", config_.from_domain, config_.to_domain,
                                                 question.key, question.stream_id),
                                io_)) {
      co_return failed_read({error});
    }
    StreamRead answer = co_await read_element(*tls_, xml_, io_);
    if (!answer.ok()) {
      co_return failed_read(answer);
    }
    co_await write_text(*tls_, "</stream:stream>", io_);
    if (!answer.element->is(kDialbackNs, "verify")) {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("<db:verify/> answered with <{}/>", answer.element->name));
    }
    if (answer.element->attribute("type") != "valid") {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("the authoritative server for {} says the key is {}",
                                config_.to_domain, dialback_refusal(*answer.element)));
    }
    clock_.begin("done", Budget::path);
    co_return end(
        true, std::nullopt, Side::local,
        fmt::format("the authoritative server for {} confirmed the key", config_.to_domain));
  }

  // SASL EXTERNAL (RFC 6120 §6, XEP-0178) when offered and our policy uses
  // it, else dialback (XEP-0220) when both sides do it.
  asio::awaitable<Ended> authenticate(const XmlElement& features) {
    // XEP-0288: ask for a bidirectional stream before authenticating, so
    // that the receiver answers our ping on this stream instead of
    // connecting back to our domain (which Prosody 0.12 would otherwise do).
    bidi_ = features.child(kBidiFeatureNs, "bidi") != nullptr;
    if (bidi_) {
      if (auto error =
              co_await write_text(*tls_, fmt::format("<bidi xmlns='{}'/>", kBidiNs), io_)) {
        co_return failed_read({error});
      }
    }
    bool use_external =
        offers_external(features) && config_.policy->xmpp.sasl_external != ExternalOffer::never;
    bool use_dialback = !use_external && config_.dialback_secret && config_.policy->xmpp.dialback &&
                        offers_dialback(features);
    if (use_dialback) {
      co_return co_await authenticate_by_dialback();
    }
    if (use_external) {
      co_return co_await authenticate_by_external();
    }
    // Nothing offered that our policy lets us use: we give up here.
    co_await write_text(*tls_, "</stream:stream>", io_);
    if (config_.policy->xmpp.sasl_external == ExternalOffer::never) {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::local,
                    "we authenticate by dialback only, and the receiving server does not "
                    "offer it (XEP-0220 §2.1)");
    }
    co_return end(false, FindingCode::xmpp_sasl_external_not_offered, Side::local,
                  offers_dialback(features)
                      ? "after TLS the stream features offer dialback, which our policy does "
                        "not use, and no SASL EXTERNAL"
                      : "after TLS the stream features offer no SASL EXTERNAL");
  }

  // XEP-0220 §2.1.1: our key for this stream, which the receiving server
  // checks with our authoritative server; no stream restart follows.
  asio::awaitable<Ended> authenticate_by_dialback() {
    clock_.begin("dialback", Budget::auth);
    std::string stream_id(xml_.header()->attribute("id").value_or(""));
    std::string key =
        config_.dialback_secret->key(config_.to_domain, config_.from_domain, stream_id);
    if (auto error = co_await write_text(
            *tls_, dialback_request("result", config_.from_domain, config_.to_domain, key), io_)) {
      co_return failed_read({error});
    }
    StreamRead result = co_await read_element(*tls_, xml_, io_);
    if (!result.ok()) {
      co_return failed_read(result);
    }
    if (!result.element->is(kDialbackNs, "result") ||
        result.element->attribute("type") != "valid") {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("dialback for {} answered: {}", config_.from_domain,
                                dialback_refusal(*result.element)));
    }
    method_ = "dialback <db:result type='valid'/>";
    co_return std::nullopt;
  }

  // RFC 6120 §6.4: <auth mechanism='EXTERNAL'/>, <success/>, and a new
  // stream (§6.4.6).
  asio::awaitable<Ended> authenticate_by_external() {
    clock_.begin("sasl", Budget::auth);
    if (auto error = co_await write_text(*tls_, external_auth(config_.from_domain), io_)) {
      co_return failed_read({error});
    }
    StreamRead outcome = co_await read_element(*tls_, xml_, io_);
    if (!outcome.ok()) {
      co_return failed_read(outcome);
    }
    if (outcome.element->is(kSaslNs, "failure")) {
      Refusal refusal = refusal_of(*outcome.element, kSaslNs);
      RefinedRefusal refined = refine_refusal(
          finding_for_refusal_text(refusal.text).value_or(FindingCode::xmpp_auth_failed), ssl_);
      co_return end(false, refined.code, Side::remote,
                    fmt::format("SASL EXTERNAL <failure>{}{}", describe(refusal), refined.note));
    }
    if (!outcome.element->is(kSaslNs, "success")) {
      co_return end(false, FindingCode::protocol_violation, Side::remote,
                    fmt::format("SASL answered with <{}/>", outcome.element->name));
    }
    StreamRead authenticated = co_await restart();
    if (!authenticated.ok()) {
      co_return failed_read(authenticated);
    }
    method_ = "SASL EXTERNAL <success/>";
    co_return std::nullopt;
  }

  // Authenticated: the message, if any, then a ping (XEP-0199), whose answer
  // also says the message before it was taken (stanzas are handled in order).
  asio::awaitable<ConnectionOutcome> ping() {
    std::string delivered;
    if (config_.message) {
      clock_.begin("message", Budget::answer);
      const OutgoingMessage& message = *config_.message;
      if (auto error = co_await write_text(
              *tls_,
              fmt::format("<message type='chat' id='fedharness-message' from='{}' to='{}'>"
                          "<body>{}</body></message>",
                          escape_xml(message.from), escape_xml(message.to),
                          escape_xml(message.body)),
              io_)) {
        co_return failed_read({error});
      }
      delivered = fmt::format(", message to {} taken", message.to);
    }
    if (!bidi_ && config_.answers == nullptr) {
      co_return co_await return_path_untested(delivered);
    }
    clock_.begin("ping", Budget::answer);
    // Our port tells this ping from every other one in flight, whichever
    // stream its answer comes back on.
    std::string ping_id = fmt::format("fedharness-ping-{}", local_port_);
    std::string ping =
        fmt::format("<iq type='get' id='{}' from='{}' to='{}'><ping xmlns='{}'/></iq>", ping_id,
                    escape_xml(config_.from_domain), escape_xml(config_.to_domain), kPingNs);
    if (auto error = co_await write_text(*tls_, ping, io_)) {
      co_return failed_read({error});
    }
    std::string answered_over;  // empty: on this stream
    if (!bidi_ && config_.answers != nullptr) {
      // RFC 6120 §4.1: the receiver answers over its own stream to our domain.
      std::optional<IqAnswer> answer = co_await config_.answers->take(ping_id, clock_.remaining());
      if (!answer) {
        co_return end(false, FindingCode::timeout, Side::remote,
                      clock_.timeout_evidence(fmt::format(
                          "no answer to the ping (the receiver offers no bidi, XEP-0288, and no "
                          "stream of its own to {} brought one)",
                          config_.from_domain)));
      }
      if (answer->type != "result") {
        co_return end(false, FindingCode::xmpp_stream_error, Side::remote,
                      fmt::format("the ping was answered with type '{}'", answer->type));
      }
      answered_over = fmt::format(" over its own stream ({})", answer->stream);
    } else if (Ended ended = co_await await_answer_on_this_stream(ping_id)) {
      co_return std::move(*ended);
    }
    co_await write_text(*tls_, "</stream:stream>", io_);
    clock_.begin("done", Budget::path);
    co_return end(
        true, std::nullopt, Side::local,
        fmt::format("{}, {}{}, ping answered{}",
                    config_.direct_tls ? describe_direct_tls(ssl_) : std::string("STARTTLS"),
                    method_, delivered, answered_over));
  }

  // RFC 6120 §4.1: a receiver without XEP-0288 bidi answers over a stream
  // of its own to our domain's server, and nothing here receives one (a
  // probe has no receiving side). Authenticated is the verdict; waiting for
  // an answer that cannot come would report a TIMEOUT that is not the
  // partner's fault.
  asio::awaitable<ConnectionOutcome> return_path_untested(const std::string& delivered) {
    co_await write_text(*tls_, "</stream:stream>", io_);
    clock_.begin("done", Budget::path);
    co_return end(
        true, std::nullopt, Side::local,
        fmt::format("{}, {}{}; the return path was not tested: {} offers no bidi (XEP-0288), so "
                    "it answers over a stream of its own to {}'s server, which nothing here "
                    "receives (probe xmpp --listen, where that server's DNS points, tests it)",
                    config_.direct_tls ? describe_direct_tls(ssl_) : std::string("STARTTLS"),
                    method_, delivered, config_.to_domain, config_.from_domain));
  }

  // Stanzas until the ping's answer, within the ping's budget.
  asio::awaitable<Ended> await_answer_on_this_stream(const std::string& ping_id) {
    for (;;) {
      StreamRead answer = co_await read_element(*tls_, xml_, io_);
      if (answer.error == beast::error::timeout) {
        co_return end(false, FindingCode::timeout, Side::remote,
                      clock_.timeout_evidence("no answer to the ping"));
      }
      if (!answer.ok()) {
        co_return failed_read(answer);
      }
      if (!answer.element->is(kServerNs, "iq") || answer.element->attribute("id") != ping_id) {
        clock_.received("stanza that was not the answer", "stanzas that were not the answer");
        continue;
      }
      if (answer.element->attribute("type") != "result") {
        co_return end(false, FindingCode::xmpp_stream_error, Side::remote,
                      fmt::format("the ping was answered with type '{}'",
                                  answer.element->attribute("type").value_or("")));
      }
      co_return std::nullopt;
    }
  }

  std::string our_header() const { return stream_header(config_.from_domain, config_.to_domain); }

  ConnectionOutcome end(bool passed, std::optional<FindingCode> code, Side side,
                        std::string evidence) {
    return ConnectionOutcome{
        passed,     code, side, clock_.stage(), std::move(evidence), std::move(observation_),
        local_port_};
  }

  // A <stream:error> ends the stream; its text may say which certificate
  // check failed (that is how Prosody refuses).
  ConnectionOutcome stream_error_outcome(const Refusal& refusal) {
    FindingCode code =
        finding_for_refusal_text(refusal.text).value_or(FindingCode::xmpp_stream_error);
    std::string note;
    if (ssl_ != nullptr && refusal.condition == "not-authorized") {
      RefinedRefusal refined = refine_refusal(code, ssl_);
      code = refined.code;
      note = refined.note;
    }
    ConnectionOutcome outcome =
        end(false, code, Side::remote, fmt::format("stream error {}{}", describe(refusal), note));
    outcome.stream_error_received = refusal.condition;
    return outcome;
  }

  // What a read that gave no element means at this stage.
  ConnectionOutcome failed_read(const StreamRead& read) {
    if (read.stream_error) {
      return stream_error_outcome(*read.stream_error);
    }
    ConnectionOutcome outcome =
        failed_read_outcome(read, clock_, std::move(observation_), TlsRole::client,
                            config_.policy->server_purpose, *config_.trust);
    outcome.local_port = local_port_;
    return outcome;
  }

  InitiatorConfig config_;
  beast::tcp_stream tcp_;           // until TLS
  std::unique_ptr<TlsStream> tls_;  // from TLS on, over what tcp_ was
  SSL* ssl_ = nullptr;              // tls_'s, once TLS is under way
  StageClock clock_;
  IoTerms io_{clock_, config_.transcript};
  XmlStream xml_;
  TlsObservation observation_;
  unsigned short local_port_ = 0;
  bool bidi_ = false;   // XEP-0288: the receiver answers on this stream
  std::string method_;  // how we authenticated, for the evidence
};

asio::awaitable<ConnectionOutcome> run_stream(InitiatorConfig config) {
  InitiatingStream stream(std::move(config), co_await asio::this_coro::executor);
  co_return co_await stream.run();
}

}  // namespace

asio::awaitable<ConnectionOutcome> initiate_stream(InitiatorConfig config) {
  return printable(run_stream(std::move(config)));
}

}  // namespace fedharness::xmpp
