// Hostile clients against our accepting ends, the ones `fedharness edge` and
// the simulated Edge run: a SIP server on 5061 and an XMPP receiving server.
#include <catch2/catch.hpp>

#include "arena.hpp"
#include "xmpp_lines.hpp"

using namespace fedharness;
using namespace fedharness::hostile;
using namespace fedharness::hostile::lines;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kOptions =
    "OPTIONS sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1;branch=z9hG4bKhostile\r\n"
    "From: <sip:partner.example>;tag=1\r\nTo: <sip:contoso.com>\r\nCall-ID: hostile\r\n"
    "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

// Our receiver's header and features: partner.example's header, then
// <starttls/> and TLS as the client.
Script client_after_tls(const Arena& arena) {
  return {send(kServerHeader), receive_until("</stream:features>"), send(kStartTls),
          receive_until("<proceed"), start_tls_client(arena.client_tls())};
}

Script client_authenticated(const Arena& arena) {
  Script script = client_after_tls(arena);
  for (Step step :
       {send(kServerHeader), receive_until("</stream:features>"), send(kExternalAuth),
        receive_until("<success"), send(kServerHeader), receive_until("<stream:features/>")}) {
    script.push_back(std::move(step));
  }
  return script;
}

std::vector<Behaviour> behaviours(const Arena& arena) {
  using enum OurEnd;
  using net::Side;
  Script tls_client{start_tls_client(arena.client_tls())};
  auto over_tls = [&](std::initializer_list<Step> steps) {
    Script script = tls_client;
    script.insert(script.end(), steps);
    return script;
  };
  return {
      {"SipClient-Silent", sip_acceptor, {stall()}, FindingCode::timeout, "handshake"},
      {"SipClient-ClosesAtOnce", sip_acceptor, {close()}, FindingCode::peer_closed, "handshake"},
      {"SipClient-ResetsAtOnce", sip_acceptor, {reset()}, FindingCode::peer_closed, "handshake"},
      {"SipClient-SpeaksHttp",
       sip_acceptor,
       {send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")},
       FindingCode::not_tls,
       "handshake",
       Side::remote,
       "GET /"},
      {"SipClient-SpeaksPlainSip",
       sip_acceptor,
       {send(kOptions)},
       FindingCode::not_tls,
       "handshake",
       Side::remote,
       "OPTIONS"},
      {"SipClient-StallsMidClientHello",
       sip_acceptor,
       {send("\x16\x03\x01\x02\x00\x01"), stall()},
       FindingCode::timeout,
       "handshake"},
      {"SipClient-SilentAfterTls", sip_acceptor, over_tls({stall()}), FindingCode::timeout,
       "sip request", Side::remote, "no request"},
      {"SipClient-GarbageAfterTls", sip_acceptor, over_tls({send("\x01\x02\x03")}),
       FindingCode::protocol_violation, "sip request"},
      {"SipClient-EscapeSequencesInRequestLine", sip_acceptor,
       over_tls({send("\x1B[2J\x1B[H OPTIONS\r\n")}), FindingCode::protocol_violation,
       "sip request", Side::remote, "0x1B"},
      {"SipClient-FloodsHeaders", sip_acceptor,
       over_tls({send("OPTIONS sip:contoso.com SIP/2.0\r\nX: "), flood("a")}),
       FindingCode::protocol_violation, "sip request"},
      {"SipClient-DribblesRequest", sip_acceptor, over_tls({send_slowly(kOptions, 30ms)}),
       FindingCode::timeout, "sip request"},
      // The verdict is the answer to the first request; the rest cannot keep
      // the connection past its budget.
      {"SipClient-EndlessRequests", sip_acceptor, over_tls({repeat(kOptions, 20ms)}), std::nullopt,
       "done", Side::local, "OPTIONS sip:contoso.com answered 200 OK"},
      {"XmppClient-Silent", xmpp_receiver, {stall()}, FindingCode::timeout, "stream"},
      {"XmppClient-Garbage",
       xmpp_receiver,
       {send("\x16\x03\x01\x02\x00")},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppClient-EndlessHeaderAttribute",
       xmpp_receiver,
       {send("<stream:stream xmlns:stream='" + std::string(kStreamsNs) + "' a='"), flood("b")},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "without a complete XML token"},
      {"XmppClient-NulWithHeader",
       xmpp_receiver,
       {send(kServerHeader + std::string(1, '\0'))},
       FindingCode::protocol_violation,
       "stream"},
      {"XmppClient-SecondHeader",
       xmpp_receiver,
       {send(kServerHeader + kServerStreamOpen)},
       FindingCode::protocol_violation,
       "stream",
       Side::remote,
       "second stream header"},
      {"XmppClient-StreamErrorForStartTls",
       xmpp_receiver,
       {send(kServerHeader), receive_until("</stream:features>"),
        send(stream_error("not-authorized"))},
       FindingCode::xmpp_stream_error,
       "starttls",
       Side::remote,
       "<not-authorized/>"},
      {"XmppClient-WhitespaceForever",
       xmpp_receiver,
       {send(kServerHeader), repeat(" ", 20ms)},
       FindingCode::timeout,
       "starttls"},
      {"XmppClient-SilentAfterProceed",
       xmpp_receiver,
       {send(kServerHeader), receive_until("</stream:features>"), send(kStartTls),
        receive_until("<proceed"), stall()},
       FindingCode::timeout,
       "handshake"},
      {"XmppClient-EndlessStanzas", xmpp_receiver,
       [&] {
         Script script = client_authenticated(arena);
         script.push_back(repeat(
             "<message from='partner.example' to='user@contoso.com'><body>hi</body></message>",
             20ms));
         return script;
       }(),
       FindingCode::timeout, "stanzas", Side::remote, "stanzas"},
  };
}

}  // namespace

TEST_CASE("hostile clients: every misbehaviour named, on time", "[hostile][client]") {
  Arena& arena = shared_arena();
  check_behaviours(arena, behaviours(arena));
}
