#include "xmpp/receiver.hpp"

#include <fmt/core.h>
#include <openssl/rand.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <boost/beast/core/detail/base64.hpp>

#include "net/alpn.hpp"
#include "net/tls_failure.hpp"
#include "pki/certificate_info.hpp"
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
        fmt::format("{} at depth {}", X509_verify_cert_error_string(first.error), first.depth)};
  }
  NameCheck check = check_xmpp_name(inspect_certificate(observation.peer_chain.front().get()), from,
                                    *config.policy);
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

asio::awaitable<ConnectionOutcome> receive_stream(tcp::socket socket, ReceiverConfig config) {
  socket.set_option(tcp::no_delay(true));
  beast::tcp_stream tcp(std::move(socket));
  TlsObservation observation;
  XmlStream xml;
  StageClock clock(config.deadlines);
  clock.begin("stream", Budget::stream);
  IoTerms io{clock, config.transcript};

  auto end = [&](bool passed, std::optional<FindingCode> code, Side side, std::string evidence) {
    return ConnectionOutcome{
        passed, code, side, clock.stage(), std::move(evidence), std::move(observation)};
  };
  auto failed_read = [&](const StreamRead& read) {
    return failed_read_outcome(read, clock, std::move(observation), TlsRole::server,
                               config.policy->client_purpose, *config.trust);
  };

  // The stream's `from` and `to` (RFC 6120 §4.7); `to` must be a domain of ours.
  std::string from;
  std::string to;
  auto served = [&] {
    return std::ranges::find(config.served_domains, to) != config.served_domains.end();
  };
  auto not_served = [&] {
    return end(false, FindingCode::xmpp_stream_error, Side::local,
               fmt::format("the stream is for {}, which is not served here", to));
  };

  // STARTTLS first, unless the initiator came with direct TLS (XEP-0368).
  if (!config.direct_tls) {
    // RFC 6120 §4.7: answer the initiator's header; the `to` must be ours.
    if (StreamRead read = co_await read_header(tcp, xml, io); !read.ok()) {
      co_return failed_read(read);
    }
    from = std::string(xml.header()->attribute("from").value_or(""));
    to = std::string(xml.header()->attribute("to").value_or(""));
    co_await write_text(tcp, stream_header(to, from, stream_id()), io);
    if (!served()) {
      co_await write_text(tcp, stream_error("host-unknown", to + " is not served here"), io);
      co_return not_served();
    }
    // STARTTLS is required: nothing else is offered before it (RFC 6120 §5.3.1).
    co_await write_text(tcp,
                        fmt::format("<stream:features><starttls xmlns='{}'><required/></starttls>"
                                    "</stream:features>",
                                    kTlsNs),
                        io);
    clock.begin("starttls", Budget::starttls);
    StreamRead starttls = co_await read_element(tcp, xml, io);
    if (!starttls.ok()) {
      co_return failed_read(starttls);
    }
    if (!starttls.element->is(kTlsNs, "starttls")) {
      co_await write_text(tcp, stream_error("policy-violation", "STARTTLS is required"), io);
      co_return end(
          false, FindingCode::xmpp_stream_error, Side::local,
          fmt::format("the initiator sent <{}/> instead of <starttls/>", starttls.element->name));
    }
    co_await write_text(tcp, fmt::format("<proceed xmlns='{}'/>", kTlsNs), io);
  }

  clock.begin("handshake", Budget::tls);
  TlsStream tls(std::move(tcp), *config.tls);
  SSL* ssl = tls.native_handle();
  observation.presented_certificate = SSL_get_certificate(ssl) != nullptr;
  // The certificate is judged after TLS against the stream's `from`.
  observe(ssl, observation, nullptr, OnVerifyFailure::record, config.transcript);
  beast::get_lowest_layer(tls).expires_at(clock.deadline());
  if (auto [error] = co_await tls.async_handshake(asio::ssl::stream_base::server, nothrow); error) {
    record_session(ssl, observation);
    co_return failed_read({error});
  }
  record_session(ssl, observation);

  std::string id;  // of the stream after TLS, which dialback keys are bound to
  auto restart = [&]() -> asio::awaitable<StreamRead> {
    clock.begin("sasl", Budget::stream);
    xml.restart();
    StreamRead read = co_await read_header(tls, xml, io);
    if (read.ok()) {
      from = std::string(xml.header()->attribute("from").value_or(from));
      if (to.empty()) {
        to = std::string(xml.header()->attribute("to").value_or(""));
      }
      id = stream_id();
      co_await write_text(tls, stream_header(to, from, id), io);
    }
    co_return read;
  };

  if (StreamRead read = co_await restart(); !read.ok()) {
    co_return failed_read(read);
  }
  if (!served()) {
    co_await write_text(tls, stream_error("host-unknown", to + " is not served here"), io);
    co_return not_served();
  }
  std::optional<CertificateVerdict> verdict = judge_certificate(observation, from, config);
  ExternalOffer offer = config.policy->xmpp.sasl_external;
  bool offer_external =
      offer == ExternalOffer::always || (offer == ExternalOffer::when_acceptable && !verdict);
  bool offer_dialback = config.dialback != nullptr && config.policy->xmpp.dialback;
  if (!offer_external && !offer_dialback && verdict) {
    // XEP-0178 §4: EXTERNAL is not offered for an unacceptable certificate;
    // without dialback the stream ends here, saying why (as Prosody does).
    co_await write_text(tls, stream_error("not-authorized", verdict->reason), io);
    co_return end(false, verdict->code, Side::local, "our verifier: " + verdict->reason);
  }
  co_await write_text(tls, features(offer_external, offer_dialback), io);

  // Authentication: SASL EXTERNAL or dialback; before either, <db:verify/>
  // questions from receiving servers checking a key of ours (XEP-0220 §2.4).
  std::string method;
  size_t keys_answered = 0;
  clock.begin("sasl", Budget::auth);
  while (method.empty()) {
    StreamRead auth = co_await read_element(tls, xml, io);
    if (auth.closed && keys_answered > 0) {
      co_await write_text(tls, "</stream:stream>", io);
      ConnectionOutcome outcome =
          end(true, std::nullopt, Side::local,
              fmt::format("answered {} dialback verification(s) for {}", keys_answered, from));
      outcome.for_path = false;
      co_return outcome;
    }
    if (!auth.element && verdict && offer == ExternalOffer::when_acceptable) {
      co_return end(false, verdict->code, Side::local,
                    fmt::format("our verifier: {}; SASL EXTERNAL was not offered, and the "
                                "initiator did not use dialback",
                                verdict->reason));
    }
    if (!auth.ok()) {
      co_return failed_read(auth);
    }
    const XmlElement& element = *auth.element;
    if (element.is(kBidiNs, "bidi")) {
      continue;
    }
    if (offer_dialback && element.is(kDialbackNs, "verify")) {
      // As the authoritative server: is this a key we issued?
      clock.begin("dialback verify", Budget::auth);
      std::string receiving(element.attribute("from").value_or(""));
      std::string originating(element.attribute("to").value_or(""));
      std::string asked_id(element.attribute("id").value_or(""));
      bool valid =
          std::ranges::find(config.served_domains, originating) != config.served_domains.end() &&
          element.text == config.dialback->secret->key(receiving, originating, asked_id);
      co_await write_text(tls, dialback_answer("verify", originating, receiving, valid, asked_id),
                          io);
      ++keys_answered;
      continue;
    }
    if (offer_dialback && element.is(kDialbackNs, "result")) {
      clock.begin("dialback", Budget::auth);
      std::string originating(element.attribute("from").value_or(""));
      ConnectionOutcome check = co_await ask_authoritative_server(
          *config.dialback, *config.policy, config.deadlines, to, originating, id, element.text);
      co_await write_text(tls, dialback_answer("result", to, originating, check.passed), io);
      if (!check.passed) {
        co_return end(false, FindingCode::xmpp_dialback_failed, Side::local,
                      fmt::format("dialback for {} failed: {}", originating, check.evidence));
      }
      from = originating;
      method = "dialback";
      continue;
    }
    if (!element.is(kSaslNs, "auth") || element.attribute("mechanism") != "EXTERNAL" ||
        !offer_external) {
      co_await write_text(
          tls,
          stream_error("not-authorized", offer_dialback ? "authenticate with dialback"
                                                        : "authenticate with SASL EXTERNAL"),
          io);
      co_return end(false, FindingCode::xmpp_auth_failed, Side::local,
                    fmt::format("the initiator sent <{}/>, which was not offered", element.name));
    }
    // XEP-0178 §3: an authorization identity, if sent, must be the domain
    // the certificate was judged for (RFC 6120 §6.5.6 invalid-authzid).
    std::optional<std::string> authzid = authorization_identity(element.text);
    if (!authzid || (!authzid->empty() && *authzid != from)) {
      std::string reason =
          authzid ? fmt::format("the authorization identity '{}' is not the stream's '{}'",
                                *authzid, from)
                  : std::string("the authorization identity is not base64");
      co_await write_text(tls,
                          fmt::format("<failure xmlns='{}'><invalid-authzid/><text>{}</text>"
                                      "</failure>",
                                      kSaslNs, escape_xml(reason)),
                          io);
      co_return end(false, FindingCode::xmpp_auth_failed, Side::local,
                    "SASL EXTERNAL <invalid-authzid/>: " + reason);
    }
    if (verdict) {
      // ejabberd answers a failure and keeps the stream open.
      co_await write_text(tls,
                          fmt::format("<failure xmlns='{}'><not-authorized/><text>{}</text>"
                                      "</failure>",
                                      kSaslNs, escape_xml(verdict->reason)),
                          io);
      co_return end(false, verdict->code, Side::local, "our verifier: " + verdict->reason);
    }
    co_await write_text(tls, fmt::format("<success xmlns='{}'/>", kSaslNs), io);
    // RFC 6120 §6.4.6: a new stream after SASL, for the domain just
    // authenticated and no other.
    std::string authenticated = from;
    if (StreamRead read = co_await restart(); !read.ok()) {
      co_return failed_read(read);
    }
    if (from != authenticated) {
      std::string reason = fmt::format("the stream restarted after SASL is from '{}', not '{}'",
                                       from, authenticated);
      co_await write_text(tls, stream_error("invalid-from", reason), io);
      co_return end(false, FindingCode::xmpp_stream_error, Side::local,
                    "stream error <invalid-from/>: " + reason);
    }
    co_await write_text(tls, "<stream:features/>", io);
    method = "SASL EXTERNAL";
  }

  // Then stanzas, each from the domain the stream authenticated.
  clock.begin("stanzas", Budget::request);
  for (;;) {
    StreamRead stanza = co_await read_element(tls, xml, io);
    if (stanza.closed) {
      co_await write_text(tls, "</stream:stream>", io);
      break;
    }
    if (stanza.error == beast::error::timeout) {
      co_return end(false, FindingCode::timeout, Side::remote,
                    clock.timeout_evidence("no end of the stream"));
    }
    if (!stanza.ok()) {
      co_return failed_read(stanza);
    }
    clock.received("stanza", "stanzas");
    std::string_view stanza_from = stanza.element->attribute("from").value_or("");
    if (domain_of(stanza_from) != from) {
      // RFC 6120 §4.9.3.9: a stanza from a domain the stream did not authenticate.
      std::string reason =
          fmt::format("a stanza from '{}' on a stream authenticated for {}", stanza_from, from);
      co_await write_text(tls, stream_error("invalid-from", reason), io);
      co_return end(false, FindingCode::xmpp_stream_error, Side::local,
                    "stream error <invalid-from/>: " + reason);
    }
    if (stanza.element->is(kServerNs, "message")) {
      const XmlElement* body = stanza.element->child(kServerNs, "body");
      if (body != nullptr && config.on_message) {
        config.on_message(
            {std::string(stanza_from), std::string(stanza.element->attribute("to").value_or("")),
             body->text,
             fmt::format("{} authenticated with {} over {}", from, method, observation.version)});
      }
    }
    std::string_view iq_type = stanza.element->attribute("type").value_or("");
    if (stanza.element->is(kServerNs, "iq") && (iq_type == "result" || iq_type == "error") &&
        config.answers != nullptr) {
      config.answers->post(
          std::string(stanza.element->attribute("id").value_or("")),
          {std::string(iq_type), from,
           fmt::format("{} authenticated with {} over {}", from, method, observation.version)});
    }
    if (stanza.element->is(kServerNs, "iq") && stanza.element->child(kPingNs, "ping")) {
      std::string ping_id(stanza.element->attribute("id").value_or(""));
      co_await write_text(tls,
                          fmt::format("<iq type='result' id='{}' from='{}' to='{}'/>",
                                      escape_xml(ping_id), escape_xml(to), escape_xml(from)),
                          io);
    }
  }
  clock.begin("done", Budget::path);
  co_return end(true, std::nullopt, Side::local,
                // XEP-0368 §3 asks initiators for ALPN "xmpp-server"; whether
                // this one did is evidence, not a refusal (Prosody does not insist).
                fmt::format("{} authenticated with {} over {} and pinged", from, method,
                            config.direct_tls ? describe_direct_tls(tls.native_handle())
                                              : std::string("STARTTLS")));
}

}  // namespace

asio::awaitable<ConnectionOutcome> serve_stream(tcp::socket socket, ReceiverConfig config) {
  return printable(receive_stream(std::move(socket), std::move(config)));
}

}  // namespace fedharness::xmpp
