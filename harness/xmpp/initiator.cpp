#include "xmpp/initiator.hpp"

#include <fmt/core.h>

#include <boost/beast/core/detail/base64.hpp>

#include "net/alpn.hpp"
#include "net/tls_failure.hpp"
#include "pki/certificate_info.hpp"
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
  return [domain = config.to_domain, policy = config.policy](X509* leaf) -> std::string {
    NameCheck check = check_xmpp_name(inspect_certificate(leaf), domain, *policy);
    if (check.matches) {
      return {};
    }
    return fmt::format("the server certificate does not cover {} (it offers: {})", check.expected,
                       describe_identities(check));
  };
}

asio::awaitable<ConnectionOutcome> run_stream(InitiatorConfig config) {
  auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream tcp(executor);
  TlsObservation observation;
  unsigned short local_port = 0;
  XmlStream xml;
  StageClock clock(config.deadlines);
  SSL* ssl = nullptr;  // once TLS is under way
  IoTerms io{clock, config.transcript};

  auto end = [&](bool passed, std::optional<FindingCode> code, Side side, std::string evidence) {
    return ConnectionOutcome{
        passed, code, side, clock.stage(), std::move(evidence), std::move(observation), local_port};
  };
  // A <stream:error> ends the stream; its text may say which certificate
  // check failed (that is how Prosody refuses).
  auto stream_error_outcome = [&](const Refusal& refusal) {
    FindingCode code =
        finding_for_refusal_text(refusal.text).value_or(FindingCode::xmpp_stream_error);
    std::string note;
    if (ssl != nullptr && refusal.condition == "not-authorized") {
      RefinedRefusal refined = refine_refusal(code, ssl);
      code = refined.code;
      note = refined.note;
    }
    ConnectionOutcome outcome =
        end(false, code, Side::remote, fmt::format("stream error {}{}", describe(refusal), note));
    outcome.stream_error_received = refusal.condition;
    return outcome;
  };
  // What a read that gave no element means at this stage.
  auto failed_read = [&](const StreamRead& read) {
    if (read.stream_error) {
      return stream_error_outcome(*read.stream_error);
    }
    ConnectionOutcome outcome =
        failed_read_outcome(read, clock, std::move(observation), TlsRole::client,
                            config.policy->server_purpose, *config.trust);
    outcome.local_port = local_port;
    return outcome;
  };

  clock.begin("connect", Budget::connect);
  tcp.expires_at(clock.deadline());
  if (auto [error] = co_await tcp.async_connect(config.target, nothrow); error) {
    FindingCode code =
        error == beast::error::timeout ? FindingCode::timeout : FindingCode::connect_failed;
    co_return end(false, code, Side::remote,
                  fmt::format("connect to {}:{}: {}", config.target.address().to_string(),
                              config.target.port(), error.message()));
  }
  tcp.socket().set_option(tcp::no_delay(true));
  local_port = tcp.socket().local_endpoint().port();

  // RFC 6120 §5.4.2: the receiving server must offer STARTTLS first; with
  // direct TLS (XEP-0368) the stream starts inside TLS instead.
  if (!config.direct_tls) {
    clock.begin("stream", Budget::stream);
    if (auto error =
            co_await write_text(tcp, stream_header(config.from_domain, config.to_domain), io)) {
      co_return failed_read({error});
    }
    if (StreamRead read = co_await read_header(tcp, xml, io); !read.ok()) {
      co_return failed_read(read);
    }
    StreamRead features = co_await read_element(tcp, xml, io);
    if (!features.ok()) {
      co_return failed_read(features);
    }
    if (!features.element->child(kTlsNs, "starttls")) {
      co_return end(false, FindingCode::xmpp_starttls_not_offered, Side::remote,
                    "the stream features offer no <starttls/>");
    }
    clock.begin("starttls", Budget::starttls);
    if (auto error = co_await write_text(tcp, fmt::format("<starttls xmlns='{}'/>", kTlsNs), io)) {
      co_return failed_read({error});
    }
    StreamRead proceed = co_await read_element(tcp, xml, io);
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
  }

  // TLS over the same connection, then a fresh stream (RFC 6120 §5.4.3.3).
  clock.begin("handshake", Budget::tls);
  TlsStream tls(std::move(tcp), *config.tls);
  ssl = tls.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  // A verification connection trusts DNS, as dialback does, not the
  // certificate: it records what it sees and refuses nothing.
  if (config.question) {
    observe(ssl, observation, nullptr, OnVerifyFailure::record, config.transcript);
  } else {
    observe(ssl, observation, name_check_for(config), OnVerifyFailure::refuse, config.transcript);
  }
  SSL_set_tlsext_host_name(ssl, config.to_domain.c_str());
  if (config.direct_tls) {
    offer_alpn(ssl, kXmppServerAlpn);  // XEP-0368 §3
  }
  beast::get_lowest_layer(tls).expires_at(clock.deadline());
  if (auto [error] = co_await tls.async_handshake(asio::ssl::stream_base::client, nothrow); error) {
    record_session(ssl, observation);
    co_return failed_read({error});
  }
  record_session(ssl, observation);

  // The stream header and features after TLS and after SASL (RFC 6120 §4.3.3).
  auto restart = [&]() -> asio::awaitable<StreamRead> {
    clock.begin("sasl", Budget::stream);
    xml.restart();
    if (auto error =
            co_await write_text(tls, stream_header(config.from_domain, config.to_domain), io)) {
      co_return StreamRead{error};
    }
    if (StreamRead read = co_await read_header(tls, xml, io); !read.ok()) {
      co_return read;
    }
    co_return co_await read_element(tls, xml, io);
  };

  StreamRead secured = co_await restart();
  if (!secured.ok()) {
    co_return failed_read(secured);
  }
  if (config.question) {
    clock.begin("dialback verify", Budget::auth);
    if (auto error =
            co_await write_text(tls,
                                dialback_request("verify", config.from_domain, config.to_domain,
                                                 config.question->key, config.question->stream_id),
                                io)) {
      co_return failed_read({error});
    }
    StreamRead answer = co_await read_element(tls, xml, io);
    if (!answer.ok()) {
      co_return failed_read(answer);
    }
    co_await write_text(tls, "</stream:stream>", io);
    if (!answer.element->is(kDialbackNs, "verify")) {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("<db:verify/> answered with <{}/>", answer.element->name));
    }
    if (answer.element->attribute("type") != "valid") {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("the authoritative server for {} says the key is {}",
                                config.to_domain, dialback_refusal(*answer.element)));
    }
    clock.begin("done", Budget::path);
    co_return end(
        true, std::nullopt, Side::local,
        fmt::format("the authoritative server for {} confirmed the key", config.to_domain));
  }
  // XEP-0288: ask for a bidirectional stream before authenticating, so that
  // the receiver answers our ping on this stream instead of connecting back
  // to our domain (which Prosody 0.12 would otherwise do).
  bool bidi = secured.element->child(kBidiFeatureNs, "bidi") != nullptr;
  if (bidi) {
    if (auto error = co_await write_text(tls, fmt::format("<bidi xmlns='{}'/>", kBidiNs), io)) {
      co_return failed_read({error});
    }
  }
  bool use_external = offers_external(*secured.element) &&
                      config.policy->xmpp.sasl_external != ExternalOffer::never;
  bool use_dialback = !use_external && config.dialback_secret && config.policy->xmpp.dialback &&
                      offers_dialback(*secured.element);
  if (use_dialback) {
    // XEP-0220 §2.1.1: our key for this stream, which the receiving server
    // checks with our authoritative server; no stream restart follows.
    clock.begin("dialback", Budget::auth);
    std::string stream_id(xml.header()->attribute("id").value_or(""));
    std::string key = config.dialback_secret->key(config.to_domain, config.from_domain, stream_id);
    if (auto error = co_await write_text(
            tls, dialback_request("result", config.from_domain, config.to_domain, key), io)) {
      co_return failed_read({error});
    }
    StreamRead result = co_await read_element(tls, xml, io);
    if (!result.ok()) {
      co_return failed_read(result);
    }
    if (!result.element->is(kDialbackNs, "result") ||
        result.element->attribute("type") != "valid") {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::remote,
                    fmt::format("dialback for {} answered: {}", config.from_domain,
                                dialback_refusal(*result.element)));
    }
  } else if (!use_external) {
    // Nothing offered that our policy lets us use: we give up here.
    co_await write_text(tls, "</stream:stream>", io);
    if (config.policy->xmpp.sasl_external == ExternalOffer::never) {
      co_return end(false, FindingCode::xmpp_dialback_failed, Side::local,
                    "we authenticate by dialback only, and the receiving server does not "
                    "offer it (XEP-0220 §2.1)");
    }
    co_return end(false, FindingCode::xmpp_sasl_external_not_offered, Side::local,
                  offers_dialback(*secured.element)
                      ? "after TLS the stream features offer dialback, which our policy does "
                        "not use, and no SASL EXTERNAL"
                      : "after TLS the stream features offer no SASL EXTERNAL");
  } else {
    clock.begin("sasl", Budget::auth);
    if (auto error = co_await write_text(tls, external_auth(config.from_domain), io)) {
      co_return failed_read({error});
    }
    StreamRead outcome = co_await read_element(tls, xml, io);
    if (!outcome.ok()) {
      co_return failed_read(outcome);
    }
    if (outcome.element->is(kSaslNs, "failure")) {
      Refusal refusal = refusal_of(*outcome.element, kSaslNs);
      RefinedRefusal refined = refine_refusal(
          finding_for_refusal_text(refusal.text).value_or(FindingCode::xmpp_auth_failed), ssl);
      co_return end(false, refined.code, Side::remote,
                    fmt::format("SASL EXTERNAL <failure>{}{}", describe(refusal), refined.note));
    }
    if (!outcome.element->is(kSaslNs, "success")) {
      co_return end(false, FindingCode::protocol_violation, Side::remote,
                    fmt::format("SASL answered with <{}/>", outcome.element->name));
    }
    // RFC 6120 §6.4.6: a new stream after SASL.
    StreamRead authenticated = co_await restart();
    if (!authenticated.ok()) {
      co_return failed_read(authenticated);
    }
  }

  // Authenticated: the message, if any, then a ping, whose answer also
  // says the message before it was taken (stanzas are handled in order).
  std::string delivered;
  if (config.message) {
    clock.begin("message", Budget::answer);
    const OutgoingMessage& message = *config.message;
    if (auto error = co_await write_text(
            tls,
            fmt::format("<message type='chat' id='fedharness-message' from='{}' to='{}'>"
                        "<body>{}</body></message>",
                        escape_xml(message.from), escape_xml(message.to), escape_xml(message.body)),
            io)) {
      co_return failed_read({error});
    }
    delivered = fmt::format(", message to {} taken", message.to);
  }
  clock.begin("ping", Budget::answer);
  // Our port tells this ping from every other one in flight, whichever
  // stream its answer comes back on.
  std::string ping_id = fmt::format("fedharness-ping-{}", local_port);
  std::string ping = fmt::format(
      "<iq type='get' id='{}' from='{}' to='{}'><ping "
      "xmlns='{}'/></iq>",
      ping_id, escape_xml(config.from_domain), escape_xml(config.to_domain), kPingNs);
  if (auto error = co_await write_text(tls, ping, io)) {
    co_return failed_read({error});
  }
  bool answered = false;
  std::string answered_over;  // empty: on this stream
  if (!bidi && config.answers != nullptr) {
    // RFC 6120 §4.1: the receiver answers over its own stream to our domain.
    std::optional<IqAnswer> answer = co_await config.answers->take(ping_id, clock.remaining());
    if (!answer) {
      co_return end(false, FindingCode::timeout, Side::remote,
                    clock.timeout_evidence(fmt::format(
                        "no answer to the ping (the receiver offers no bidi, XEP-0288, and no "
                        "stream of its own to {} brought one)",
                        config.from_domain)));
    }
    if (answer->type != "result") {
      co_return end(false, FindingCode::xmpp_stream_error, Side::remote,
                    fmt::format("the ping was answered with type '{}'", answer->type));
    }
    answered = true;
    answered_over = fmt::format(" over its own stream ({})", answer->stream);
  }
  while (!answered) {
    StreamRead answer = co_await read_element(tls, xml, io);
    if (answer.error == beast::error::timeout) {
      co_return end(false, FindingCode::timeout, Side::remote,
                    clock.timeout_evidence("no answer to the ping"));
    }
    if (!answer.ok()) {
      co_return failed_read(answer);
    }
    if (answer.element->is(kServerNs, "iq") && answer.element->attribute("id") == ping_id) {
      if (answer.element->attribute("type") != "result") {
        co_return end(false, FindingCode::xmpp_stream_error, Side::remote,
                      fmt::format("the ping was answered with type '{}'",
                                  answer.element->attribute("type").value_or("")));
      }
      answered = true;
    } else {
      clock.received("stanza that was not the answer", "stanzas that were not the answer");
    }
  }
  co_await write_text(tls, "</stream:stream>", io);
  clock.begin("done", Budget::path);
  co_return end(
      true, std::nullopt, Side::local,
      fmt::format("{}, {}{}, ping answered{}",
                  config.direct_tls ? describe_direct_tls(ssl) : std::string("STARTTLS"),
                  use_dialback ? "dialback <db:result type='valid'/>" : "SASL EXTERNAL <success/>",
                  delivered, answered_over));
}

}  // namespace

asio::awaitable<ConnectionOutcome> initiate_stream(InitiatorConfig config) {
  return printable(run_stream(std::move(config)));
}

}  // namespace fedharness::xmpp
