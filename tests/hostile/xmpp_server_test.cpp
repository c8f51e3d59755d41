// Hostile XMPP receiving servers against our initiating server (probe xmpp,
// the simulated Edge's outbound streams): one misbehaviour each, at each
// stage of RFC 6120 §9.1's sequence.
#include <catch2/catch.hpp>

#include "arena.hpp"
#include "xmpp_lines.hpp"

using namespace fedharness;
using namespace fedharness::hostile;
using namespace fedharness::hostile::lines;
using namespace std::chrono_literals;

namespace {

Script then(Script script, const Script& more) {
  script.insert(script.end(), more.begin(), more.end());
  return script;
}

// Our header has arrived; the peer answers with its own.
Script answered_header() {
  return {receive_until(kHeaderEnd), send(kServerHeader)};
}

// Our <starttls/> has arrived.
Script at_starttls() {
  return then(answered_header(), {send(kStartTlsFeatures), receive_until("<starttls")});
}

// TLS is up and our restarted header has arrived.
Script after_tls(const Arena& arena) {
  return then(at_starttls(), {send(kProceed), start_tls_server(arena.xmpp_server_tls()),
                              receive_until(kHeaderEnd)});
}

// Our SASL EXTERNAL <auth/> has arrived (after our <bidi/>, when offered).
Script at_auth(const Arena& arena, const char* features = kExternalFeatures) {
  return then(after_tls(arena), {send(kServerHeader + features), receive_until("</auth>")});
}

// Authenticated: our ping has arrived. The peer offered bidi (XEP-0288), so
// the ping waits for its answer on this stream: without bidi, an initiator
// with nothing to receive the peer's own stream does not ping at all.
Script at_ping(const Arena& arena) {
  return then(at_auth(arena, kExternalBidiFeatures),
              {send(kSuccess), receive_until(kHeaderEnd),
               send(kServerHeader + "<stream:features/>"), receive_until("</iq>")});
}

std::vector<Behaviour> behaviours(const Arena& arena) {
  using enum OurEnd;
  using net::Side;
  return {
      {"XmppServer-Silent",
       xmpp_initiator,
       {stall()},
       FindingCode::timeout,
       "stream",
       Side::remote,
       "stream budget"},
      {"XmppServer-Closes", xmpp_initiator, {close()}, FindingCode::peer_closed, "stream"},
      {"XmppServer-Resets", xmpp_initiator, {reset()}, FindingCode::peer_closed, "stream"},
      {"XmppServer-AnswersHttp",
       xmpp_initiator,
       {send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppServer-AnswersTlsRecord",
       xmpp_initiator,
       {send(std::string("\x15\x03\x03\x00\x02\x02\x46", 7))},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppServer-InvalidUtf8WithHeader",
       xmpp_initiator,
       {receive_until(kHeaderEnd), send(kServerHeader + "\xFF\xFE")},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "not-well-formed"},
      {"XmppServer-NulWithHeader",
       xmpp_initiator,
       {receive_until(kHeaderEnd), send(kServerHeader + std::string(1, '\0'))},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppServer-UndeclaredEntityWithHeader",
       xmpp_initiator,
       {receive_until(kHeaderEnd), send(kServerHeader + "<a>&nope;</a>")},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppServer-Doctype",
       xmpp_initiator,
       {receive_until(kHeaderEnd), send("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>")},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "restricted-xml"},
      {"XmppServer-BillionLaughs",
       xmpp_initiator,
       {receive_until(kHeaderEnd),
        send("<!DOCTYPE l [<!ENTITY l0 'ha'><!ENTITY l1 '&l0;&l0;&l0;&l0;&l0;'>]>")},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "restricted-xml"},
      {"XmppServer-EndlessHeaderAttribute",
       xmpp_initiator,
       {receive_until(kHeaderEnd),
        send("<stream:stream xmlns:stream='" + std::string(kStreamsNs) + "' a='"), flood("a")},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "without a complete XML token"},
      {"XmppServer-DribblesHeader", xmpp_initiator,
       then({receive_until(kHeaderEnd)}, {send_slowly(kServerHeader, 20ms)}), FindingCode::timeout,
       "stream"},
      {"XmppServer-WhitespaceForever", xmpp_initiator, then(answered_header(), {repeat(" ", 20ms)}),
       FindingCode::timeout, "stream"},
      {"XmppServer-MalformedTags", xmpp_initiator,
       then(answered_header(), {send(std::string(100, '<') + "a>")}),
       FindingCode::protocol_violation, "stream"},
      {"XmppServer-DeeplyNestedElements", xmpp_initiator, then(answered_header(), {flood("<a>")}),
       FindingCode::protocol_violation, "stream", Side::remote, "nested deeper"},
      {"XmppServer-OversizedFeatures", xmpp_initiator,
       then(answered_header(), {send("<stream:features>"), flood("<x/>")}),
       FindingCode::protocol_violation, "stream", Side::remote, "size limit"},
      {"XmppServer-SecondHeader", xmpp_initiator,
       then(answered_header(), {send(kServerStreamOpen)}), FindingCode::protocol_violation,
       "stream", Side::remote, "second stream header"},
      {"XmppServer-NoStartTls", xmpp_initiator,
       then(answered_header(), {send("<stream:features/>")}),
       FindingCode::xmpp_starttls_not_offered, "stream"},
      {"XmppServer-StreamErrorForFeatures", xmpp_initiator,
       then(answered_header(), {send(stream_error("host-unknown"))}),
       FindingCode::xmpp_stream_error, "stream", Side::remote, "<host-unknown/>"},
      {"XmppServer-ClosesStream", xmpp_initiator,
       then(answered_header(), {send("</stream:stream>")}), FindingCode::peer_closed, "stream"},
      {"XmppServer-StreamErrorForStartTls", xmpp_initiator,
       then(at_starttls(), {send(stream_error("policy-violation"))}),
       FindingCode::xmpp_stream_error, "starttls", Side::remote, "<policy-violation/>"},
      {"XmppServer-FailureForStartTls", xmpp_initiator,
       then(at_starttls(), {send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")}),
       FindingCode::xmpp_starttls_not_offered, "starttls", Side::remote, "<failure/>"},
      {"XmppServer-WrongAnswerToStartTls", xmpp_initiator,
       then(at_starttls(), {send("<message/>")}), FindingCode::protocol_violation, "starttls"},
      {"XmppServer-SilentAfterProceed", xmpp_initiator,
       then(at_starttls(), {send(kProceed), stall()}), FindingCode::timeout, "handshake"},
      {"XmppServer-NotTlsAfterProceed", xmpp_initiator,
       then(at_starttls(), {send(kProceed), send("<stream:features/>")}), FindingCode::not_tls,
       "handshake", Side::remote, "<strea"},
      {"XmppServer-InvalidUtf8AfterTls", xmpp_initiator,
       then(after_tls(arena), {send(kServerHeader + "\xC0\xAF")}), FindingCode::protocol_violation,
       "sasl"},
      {"XmppServer-StreamErrorAfterTls", xmpp_initiator,
       then(after_tls(arena), {send(kServerHeader + stream_error("internal-server-error"))}),
       FindingCode::xmpp_stream_error, "sasl", Side::remote, "<internal-server-error/>"},
      {"XmppServer-StreamErrorForAuth", xmpp_initiator,
       then(at_auth(arena), {send(stream_error("undefined-condition"))}),
       FindingCode::xmpp_stream_error, "sasl", Side::remote, "<undefined-condition/>"},
      {"XmppServer-SilentAtAuth", xmpp_initiator, then(at_auth(arena), {stall()}),
       FindingCode::timeout, "sasl", Side::remote, "auth budget"},
      {"XmppServer-StanzasInsteadOfPong", xmpp_initiator,
       then(at_ping(arena),
            {repeat("<message from='partner.example' to='contoso.com'><body>hi</body></message>",
                    50ms)}),
       FindingCode::timeout, "ping", Side::remote, "stanzas that were not the answer"},
      {"XmppServer-ResetAtPing", xmpp_initiator, then(at_ping(arena), {reset()}),
       FindingCode::peer_closed, "ping"},
      {"XmppServer-DirectTlsAnswersPlainXml",
       xmpp_direct_tls_initiator,
       {send(kServerHeader)},
       FindingCode::not_tls,
       "handshake",
       Side::remote,
       "<?xml"},
  };
}

}  // namespace

TEST_CASE("hostile XMPP servers: every misbehaviour named, on time", "[hostile][xmpp]") {
  Arena& arena = shared_arena();
  check_behaviours(arena, behaviours(arena));
}
