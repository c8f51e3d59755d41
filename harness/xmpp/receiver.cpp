#include "xmpp/receiver.hpp"

#include <fmt/core.h>
#include <openssl/rand.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <boost/beast/core/detail/base64.hpp>

#include "net/alpn.hpp"
#include "net/connection_event.hpp"
#include "net/handshake_stage.hpp"
#include "net/tls_failure.hpp"
#include "pki/certificate_info.hpp"
#include "verify/name_constraints.hpp"
#include "verify/verify_error_codes.hpp"
#include "verify/xmpp_identity.hpp"
#include "xmpp/dialback_verification.hpp"
#include "xmpp/namespaces.hpp"
#include "xmpp/stream_io.hpp"

namespace fedharness::xmpp {

using namespace net;

namespace {

std::string stream_id() {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof bytes);
  std::string id;
  for (unsigned char byte : bytes) {
    id += fmt::format("{:02x}", byte);
  }
  return id;
}

// The domainpart of a JID (RFC 7622 §3.2): after any '@', before any '/'.
std::string_view domain_of(std::string_view jid) {
  jid = jid.substr(0, jid.find('/'));
  size_t at = jid.find('@');
  return at == std::string_view::npos ? jid : jid.substr(at + 1);
}

// The authorization identity of <auth mechanism='EXTERNAL'>: base64, or "="
// for none (RFC 6120 §6.4.2); nullopt when it is not base64 at all.
std::optional<std::string> authorization_identity(std::string_view text) {
  if (text.empty() || text == "=") {
    return std::string();
  }
  // Beast's decoder stops at the padding without counting it.
  std::string_view digits = text.substr(0, text.find_last_not_of('=') + 1);
  if (text.size() - digits.size() > 2) {
    return std::nullopt;
  }
  std::string decoded(beast::detail::base64::decoded_size(text.size()), '\0');
  auto [written, read] = beast::detail::base64::decode(decoded.data(), text.data(), text.size());
  if (read != digits.size()) {
    return std::nullopt;
  }
  decoded.resize(written);
  return decoded;
}

/// Why the initiator's certificate is not acceptable for `from`, as our
/// finding and the text we tell the peer; nullopt when it is acceptable.
struct CertificateVerdict {
  FindingCode code;
  std::string reason;
};

std::optional<CertificateVerdict> judge_certificate(const TlsObservation& observation,
                                                    const std::string& from,
                                                    const ReceiverConfig& config) {
  if (observation.peer_chain.empty()) {
    return CertificateVerdict{FindingCode::client_cert_missing, "no certificate was presented"};
  }
  if (!observation.verify_failures.empty()) {
    const VerifyFailure& first = observation.verify_failures.front();
    return CertificateVerdict{
        finding_for_failure(first, config.policy->client_purpose, *config.trust),
        describe_verify_error(first, *config.trust)};
  }
  NameCheck check = check_xmpp_name(inspect_certificate(observation.peer_chain.front().get()), from,
                                    *config.policy);
  apply_wildcard_constraints(check, issuers_of(observation.peer_chain));
  if (!check.matches) {
    return CertificateVerdict{
        FindingCode::name_mismatch,
        fmt::format("certificate is not valid for this name: {} (it offers: {})", from,
                    describe_identities(check))};
  }
  return std::nullopt;
}

// After TLS: SASL EXTERNAL and dialback as offered, and XEP-0288 bidi, which
// costs this receiver nothing: it answers on the stream it was given anyway.
std::string features(bool offer_external, bool offer_dialback) {
  std::string offered;
  if (offer_external) {
    offered +=
        fmt::format("<mechanisms xmlns='{}'><mechanism>EXTERNAL</mechanism></mechanisms>", kSaslNs);
  }
  if (offer_dialback) {
    // XEP-0220 §2.1: <errors/> says dialback errors are reported, not hung up on.
    offered += fmt::format("<dialback xmlns='{}'><errors/></dialback>", kDialbackFeatureNs);
  }
  return fmt::format("<stream:features>{}<bidi xmlns='{}'/></stream:features>", offered,
                     kBidiFeatureNs);
}

// RFC 6120 §6.5: a SASL failure with its condition and our reason.
std::string sasl_failure(std::string_view condition, std::string_view reason) {
  return fmt::format("<failure xmlns='{}'><{}/><text>{}</text></failure>", kSaslNs, condition,
                     escape_xml(reason));
}

using Ended = std::optional<ConnectionOutcome>;

/// One server-to-server stream as the receiving server runs it, a coroutine
/// per stage in the order of RFC 6120 §9.1's examples, each under its own
/// budget. A stage gives the outcome when the stream ends there, and nothing
/// when the stream goes on to the next one.
class ReceivingStream {
 public:
  ReceivingStream(tcp::socket socket, ReceiverConfig config)
      : config_(std::move(config)), tcp_(std::move(socket)), clock_(config_.deadlines) {}

  asio::awaitable<ConnectionOutcome> run() {
    // STARTTLS first, unless the initiator came with direct TLS (XEP-0368).
    if (!config_.direct_tls) {
      if (Ended ended = co_await negotiate_starttls()) {
        co_return std::move(*ended);
      }
    }
    if (Ended ended = co_await secure()) {
      tell(event_of("handshake", *ended));
      co_return std::move(*ended);
    }
    tell(handshake_passed(observation_));
    if (StreamRead read = co_await restart(); !read.ok()) {
      co_return failed_read(read);
    }
    if (Ended ended = co_await offer_features()) {
      co_return std::move(*ended);
    }
    if (Ended ended = co_await authenticate()) {
      if (ended->for_path) {
        tell(event_of("authentication", *ended));
      }
      co_return std::move(*ended);
    }
    tell({.exchange = "authentication",
          .passed = true,
          .evidence = fmt::format("{} authenticated with {}", from_, method_)});
    co_return co_await take_stanzas();
  }

 private:
  // RFC 6120 §4.7 and §5.3.1: answer the initiator's header (its `to` must
  // be ours), offer STARTTLS as required and nothing else, and answer
  // <starttls/> with <proceed/>.
  asio::awaitable<Ended> negotiate_starttls() {
    clock_.begin("stream", Budget::stream);
    if (StreamRead read = co_await read_header(tcp_, xml_, io_); !read.ok()) {
      co_return failed_read(read);
    }
    from_ = std::string(xml_.header()->attribute("from").value_or(""));
    to_ = std::string(xml_.header()->attribute("to").value_or(""));
    co_await write_text(tcp_, stream_header(to_, from_, stream_id()), io_);
    if (!served()) {
      co_await write_text(tcp_, stream_error("host-unknown", to_ + " is not served here"), io_);
      co_return not_served();
    }
    co_await write_text(tcp_,
                        fmt::format("<stream:features><starttls xmlns='{}'><required/></starttls>"
                                    "</stream:features>",
                                    kTlsNs),
                        io_);
    clock_.begin("starttls", Budget::starttls);
    StreamRead starttls = co_await read_element(tcp_, xml_, io_);
    if (!starttls.ok()) {
      co_return failed_read(starttls);
    }
    if (!starttls.element->is(kTlsNs, "starttls")) {
      co_await write_text(tcp_, stream_error("policy-violation", "STARTTLS is required"), io_);
      co_return end(
          false, FindingCode::xmpp_stream_error, Side::local,
          fmt::format("the initiator sent <{}/> instead of <starttls/>", starttls.element->name));
    }
    co_await write_text(tcp_, fmt::format("<proceed xmlns='{}'/>", kTlsNs), io_);
    co_return std::nullopt;
  }

  // RFC 6120 §5.4.3: TLS as the server. The initiator's certificate failures
  // are recorded, not refused: it is judged after TLS against the stream's
  // `from`, as XMPP servers do.
  asio::awaitable<Ended> secure() {
    tls_ = std::make_unique<TlsStream>(std::move(tcp_), *config_.tls);
    observe(tls_->native_handle(), observation_, nullptr, OnVerifyFailure::record,
            config_.transcript);
    if (error_code error = co_await handshake_within(*tls_, asio::ssl::stream_base::server, clock_,
                                                     observation_)) {
      co_return failed_read({error});
    }
    co_return std::nullopt;
  }

  // RFC 6120 §4.3.3: the initiator's fresh stream after TLS and after SASL,
  // answered with ours, under a new id that dialback keys are bound to.
  asio::awaitable<StreamRead> restart() {
    clock_.begin("sasl", Budget::stream);
    xml_.restart();
    StreamRead read = co_await read_header(*tls_, xml_, io_);
    if (read.ok()) {
      from_ = std::string(xml_.header()->attribute("from").value_or(from_));
      if (to_.empty()) {
        to_ = std::string(xml_.header()->attribute("to").value_or(""));
      }
      id_ = stream_id();
      co_await write_text(*tls_, stream_header(to_, from_, id_), io_);
    }
    co_return read;
  }

  // After TLS: SASL EXTERNAL when the certificate is acceptable for `from`
  // (or always, as ejabberd does), dialback when the policy allows it.
  asio::awaitable<Ended> offer_features() {
    if (!served()) {
      co_await write_text(*tls_, stream_error("host-unknown", to_ + " is not served here"), io_);
      co_return not_served();
    }
    verdict_ = judge_certificate(observation_, from_, config_);
    ExternalOffer offer = config_.policy->xmpp.sasl_external;
    offer_external_ =
        offer == ExternalOffer::always || (offer == ExternalOffer::when_acceptable && !verdict_);
    offer_dialback_ = config_.dialback != nullptr && config_.policy->xmpp.dialback;
    if (!offer_external_ && !offer_dialback_ && verdict_) {
      // XEP-0178 §4: EXTERNAL is not offered for an unacceptable certificate;
      // without dialback the stream ends here, saying why (as Prosody does).
      co_await write_text(*tls_, stream_error("not-authorized", verdict_->reason), io_);
      co_return end(false, verdict_->code, Side::local, "our verifier: " + verdict_->reason);
    }
    co_await write_text(*tls_, features(offer_external_, offer_dialback_), io_);
    co_return std::nullopt;
  }

  // SASL EXTERNAL or dialback; before either, XEP-0288's <bidi/> and
  // <db:verify/> questions from receiving servers checking a key of ours
  // (XEP-0220 §2.4), any number of them, within the stage's one budget.
  asio::awaitable<Ended> authenticate() {
    clock_.begin("sasl", Budget::auth);
    while (method_.empty()) {
      StreamRead auth = co_await read_element(*tls_, xml_, io_);
      if (auth.closed && keys_answered_ > 0) {
        co_await write_text(*tls_, "</stream:stream>", io_);
        ConnectionOutcome outcome =
            end(true, std::nullopt, Side::local,
                fmt::format("answered {} dialback verification(s) for {}", keys_answered_, from_));
        outcome.for_path = false;
        co_return outcome;
      }
      if (!auth.element && verdict_ &&
          config_.policy->xmpp.sasl_external == ExternalOffer::when_acceptable) {
        co_return end(false, verdict_->code, Side::local,
                      fmt::format("our verifier: {}; SASL EXTERNAL was not offered, and the "
                                  "initiator did not use dialback",
                                  verdict_->reason));
      }
      if (!auth.ok()) {
        co_return failed_read(auth);
      }
      const XmlElement& element = *auth.element;
      Ended ended;
      if (element.is(kBidiNs, "bidi")) {
        continue;
      }
      if (offer_dialback_ && element.is(kDialbackNs, "verify")) {
        co_await answer_verification(element);
      } else if (offer_dialback_ && element.is(kDialbackNs, "result")) {
        ended = co_await check_dialback(element);
      } else {
        ended = co_await authenticate_by_external(element);
      }
      if (ended) {
        co_return ended;
      }
    }
    co_return std::nullopt;
  }

  // XEP-0220 §2.4: as the authoritative server, is this a key we issued?
  asio::awaitable<void> answer_verification(const XmlElement& verify) {
    clock_.begin("dialback verify", Budget::auth);
    std::string receiving(verify.attribute("from").value_or(""));
    std::string originating(verify.attribute("to").value_or(""));
    std::string asked_id(verify.attribute("id").value_or(""));
    bool valid =
        std::ranges::find(config_.served_domains, originating) != config_.served_domains.end() &&
        verify.text == config_.dialback->secret->key(receiving, originating, asked_id);
    co_await write_text(*tls_, dialback_answer("verify", originating, receiving, valid, asked_id),
                        io_);
    ++keys_answered_;
  }

  // XEP-0220 §2.3: the originating domain's key, checked with its
  // authoritative server over a verification connection of our own.
  asio::awaitable<Ended> check_dialback(const XmlElement& result) {
    clock_.begin("dialback", Budget::auth);
    std::string originating(result.attribute("from").value_or(""));
    ConnectionOutcome check = co_await ask_authoritative_server(
        *config_.dialback, *config_.policy, config_.deadlines, to_, originating, id_, result.text);
    co_await write_text(*tls_, dialback_answer("result", to_, originating, check.passed), io_);
    if (!check.passed) {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::local,
                    fmt::format("dialback for {} failed: {}", originating, check.evidence));
    }
    from_ = originating;
    method_ = "dialback";
    co_return std::nullopt;
  }

  // RFC 6120 §6.4 and XEP-0178: <auth mechanism='EXTERNAL'/> answered with
  // <success/> or <failure/>, then the stream restart after SASL (§6.4.6).
  asio::awaitable<Ended> authenticate_by_external(const XmlElement& auth) {
    if (!auth.is(kSaslNs, "auth") || auth.attribute("mechanism") != "EXTERNAL" ||
        !offer_external_) {
      co_await write_text(
          *tls_,
          stream_error("not-authorized", offer_dialback_ ? "authenticate with dialback"
                                                         : "authenticate with SASL EXTERNAL"),
          io_);
      co_return end(false, FindingCode::xmpp_auth_failed, Side::local,
                    fmt::format("the initiator sent <{}/>, which was not offered", auth.name));
    }
    // XEP-0178 §3: an authorization identity, if sent, must be the domain
    // the certificate was judged for (RFC 6120 §6.5.6 invalid-authzid).
    std::optional<std::string> authzid = authorization_identity(auth.text);
    if (!authzid || (!authzid->empty() && *authzid != from_)) {
      std::string reason =
          authzid ? fmt::format("the authorization identity '{}' is not the stream's '{}'",
                                *authzid, from_)
                  : std::string("the authorization identity is not base64");
      co_await write_text(*tls_, sasl_failure("invalid-authzid", reason), io_);
      co_return end(false, FindingCode::xmpp_auth_failed, Side::local,
                    "SASL EXTERNAL <invalid-authzid/>: " + reason);
    }
    if (verdict_) {
      // ejabberd answers a failure and keeps the stream open.
      co_await write_text(*tls_, sasl_failure("not-authorized", verdict_->reason), io_);
      co_return end(false, verdict_->code, Side::local, "our verifier: " + verdict_->reason);
    }
    co_await write_text(*tls_, fmt::format("<success xmlns='{}'/>", kSaslNs), io_);
    // RFC 6120 §6.4.6: a new stream after SASL, for the domain just
    // authenticated and no other.
    std::string authenticated = from_;
    if (StreamRead read = co_await restart(); !read.ok()) {
      co_return failed_read(read);
    }
    if (from_ != authenticated) {
      co_return co_await refuse_invalid_from(fmt::format(
          "the stream restarted after SASL is from '{}', not '{}'", from_, authenticated));
    }
    co_await write_text(*tls_, "<stream:features/>", io_);
    method_ = "SASL EXTERNAL";
    co_return std::nullopt;
  }

  // Authenticated: stanzas until the initiator closes, each from the domain
  // the stream authenticated; pings answered, messages and answers to our
  // own requests handed on.
  asio::awaitable<ConnectionOutcome> take_stanzas() {
    clock_.begin("stanzas", Budget::request);
    for (;;) {
      StreamRead stanza = co_await read_element(*tls_, xml_, io_);
      if (stanza.closed) {
        co_await write_text(*tls_, "</stream:stream>", io_);
        break;
      }
      if (stanza.error == beast::error::timeout) {
        co_return end(false, FindingCode::timeout, Side::remote,
                      clock_.timeout_evidence("no end of the stream"));
      }
      if (!stanza.ok()) {
        co_return failed_read(stanza);
      }
      clock_.received("stanza", "stanzas");
      std::string_view stanza_from = stanza.element->attribute("from").value_or("");
      if (domain_of(stanza_from) != from_) {
        // RFC 6120 §4.9.3.9: a stanza from a domain the stream did not authenticate.
        co_return co_await refuse_invalid_from(
            fmt::format("a stanza from '{}' on a stream authenticated for {}", stanza_from, from_));
      }
      co_await handle_stanza(*stanza.element);
    }
    clock_.begin("done", Budget::path);
    co_return end(true, std::nullopt, Side::local,
                  // XEP-0368 §3 asks initiators for ALPN "xmpp-server"; whether
                  // this one did is evidence, not a refusal (Prosody does not insist).
                  fmt::format("{} authenticated with {} over {} and pinged", from_, method_,
                              config_.direct_tls ? describe_direct_tls(tls_->native_handle())
                                                 : std::string("STARTTLS")));
  }

  asio::awaitable<void> handle_stanza(const XmlElement& stanza) {
    std::string_view stanza_from = stanza.attribute("from").value_or("");
    std::string stream =
        fmt::format("{} authenticated with {} over {}", from_, method_, observation_.version);
    if (stanza.is(kServerNs, "message")) {
      const XmlElement* body = stanza.child(kServerNs, "body");
      if (body != nullptr && config_.on_message) {
        config_.on_message({std::string(stanza_from),
                            std::string(stanza.attribute("to").value_or("")), body->text, stream});
      }
    }
    if (!stanza.is(kServerNs, "iq")) {
      co_return;
    }
    std::string_view iq_type = stanza.attribute("type").value_or("");
    if ((iq_type == "result" || iq_type == "error") && config_.answers != nullptr) {
      config_.answers->post(std::string(stanza.attribute("id").value_or("")),
                            {std::string(iq_type), from_, stream});
    }
    if (stanza.child(kPingNs, "ping")) {
      std::string ping_id(stanza.attribute("id").value_or(""));
      co_await write_text(*tls_,
                          fmt::format("<iq type='result' id='{}' from='{}' to='{}'/>",
                                      escape_xml(ping_id), escape_xml(to_), escape_xml(from_)),
                          io_);
      tell({.exchange = "stanza",
            .passed = true,
            .evidence = fmt::format("ping from {} answered", stanza_from)});
    }
  }

  // RFC 6120 §4.9.3.9 <invalid-from/>: the stream ends, saying why.
  asio::awaitable<ConnectionOutcome> refuse_invalid_from(const std::string& reason) {
    co_await write_text(*tls_, stream_error("invalid-from", reason), io_);
    co_return end(false, FindingCode::xmpp_stream_error, Side::local,
                  "stream error <invalid-from/>: " + reason);
  }

  void tell(const ConnectionEvent& event) const {
    if (config_.on_event) {
      config_.on_event(event);
    }
  }

  bool served() const {
    return std::ranges::find(config_.served_domains, to_) != config_.served_domains.end();
  }

  ConnectionOutcome not_served() {
    return end(false, FindingCode::xmpp_stream_error, Side::local,
               fmt::format("the stream is for {}, which is not served here", to_));
  }

  ConnectionOutcome end(bool passed, std::optional<FindingCode> code, Side side,
                        std::string evidence) {
    return ConnectionOutcome{
        passed, code, side, clock_.stage(), std::move(evidence), std::move(observation_)};
  }

  // What a read that gave no element means at this stage.
  ConnectionOutcome failed_read(const StreamRead& read) {
    return failed_read_outcome(read, clock_, std::move(observation_), TlsRole::server,
                               config_.policy->client_purpose, *config_.trust);
  }

  ReceiverConfig config_;
  beast::tcp_stream tcp_;           // until TLS
  std::unique_ptr<TlsStream> tls_;  // from TLS on, over what tcp_ was
  StageClock clock_;
  IoTerms io_{clock_, config_.transcript};
  XmlStream xml_;
  TlsObservation observation_;
  std::string from_;  // the stream's `from` and `to` (RFC 6120 §4.7); `to` is ours
  std::string to_;
  std::string id_;  // of the stream after TLS, which dialback keys are bound to
  std::optional<CertificateVerdict> verdict_;  // why `from_`'s certificate is unacceptable
  bool offer_external_ = false;
  bool offer_dialback_ = false;
  size_t keys_answered_ = 0;  // <db:verify/> questions answered
  std::string method_;        // how the initiator authenticated; empty until it has
};

asio::awaitable<ConnectionOutcome> receive_stream(tcp::socket socket, ReceiverConfig config) {
  socket.set_option(tcp::no_delay(true));
  ReceivingStream stream(std::move(socket), std::move(config));
  co_return co_await stream.run();
}

}  // namespace

asio::awaitable<ConnectionOutcome> serve_stream(tcp::socket socket, ReceiverConfig config) {
  return printable(receive_stream(std::move(socket), std::move(config)));
}

}  // namespace fedharness::xmpp
