// Hostile SIP servers against our SIP initiator (probe sip, run's inbound
// paths to a real Edge, the simulated Edge's outbound paths): each
// misbehaves in one way at one stage, and our end must name it, at that
// stage, within its budget.
#include <fmt/core.h>

#include <catch2/catch.hpp>

#include "arena.hpp"

using namespace fedharness;
using namespace fedharness::hostile;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kEndOfHead = "\r\n\r\n";

std::string response(std::string_view status_line, std::string_view extra_headers = "") {
  return fmt::format("{}\r\nVia: SIP/2.0/TLS 127.0.0.1\r\n{}Content-Length: 0\r\n\r\n", status_line,
                     extra_headers);
}

// A TLS server that has read our OPTIONS, then does `then`.
Script after_request(const Arena& arena, Script then) {
  Script script{start_tls_server(arena.sip_server_tls()), receive_until(std::string(kEndOfHead))};
  script.insert(script.end(), then.begin(), then.end());
  return script;
}

std::vector<Behaviour> behaviours(const Arena& arena) {
  using enum OurEnd;
  return {
      {"SipServer-SilentBeforeTls",
       sip_initiator,
       {stall()},
       FindingCode::timeout,
       "handshake",
       net::Side::remote,
       "tls budget"},
      {"SipServer-ClosesBeforeTls",
       sip_initiator,
       {close()},
       FindingCode::peer_closed,
       "handshake"},
      {"SipServer-ResetsBeforeTls",
       sip_initiator,
       {reset()},
       FindingCode::peer_closed,
       "handshake"},
      {"SipServer-AnswersHttp",
       sip_initiator,
       {send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")},
       FindingCode::not_tls,
       "handshake",
       net::Side::remote,
       "HTTP/1.1 400"},
      {"SipServer-AnswersPlainSip",
       sip_initiator,
       {send(response("SIP/2.0 200 OK"))},
       FindingCode::not_tls,
       "handshake",
       net::Side::remote,
       "SIP/2.0 200"},
      {"SipServer-AnswersGarbage",
       sip_initiator,
       {send(std::string("\xFF\xFE\x00\x01garbage", 11))},
       FindingCode::not_tls,
       "handshake",
       net::Side::remote,
       "\\xFF\\xFE"},
      {"SipServer-StallsMidRecord",
       sip_initiator,
       {send("\x16\x03\x03\x01"), stall()},
       FindingCode::timeout,
       "handshake"},
      {"SipServer-DribblesServerHello",
       sip_initiator,
       {send_slowly(std::string("\x16\x03\x03\x40\x00") + std::string(64, 'x'), 40ms)},
       FindingCode::timeout,
       "handshake"},
      {"SipServer-SilentAfterTls", sip_initiator, after_request(arena, {stall()}),
       FindingCode::sip_no_response, "sip response", net::Side::remote,
       "the peer sent nothing meanwhile"},
      {"SipServer-EndlessProvisionalResponses", sip_initiator,
       after_request(arena, {repeat(response("SIP/2.0 100 Trying"), 50ms)}),
       FindingCode::sip_no_response, "sip response", net::Side::remote,
       "provisional responses (100 Trying)"},
      {"SipServer-EndlessStrayRequests", sip_initiator,
       after_request(
           arena, {repeat("OPTIONS sip:contoso.com SIP/2.0\r\nContent-Length: 0\r\n\r\n", 50ms)}),
       FindingCode::sip_no_response, "sip response", net::Side::remote, "requests"},
      {"SipServer-DribblesResponse", sip_initiator,
       after_request(arena, {send_slowly(response("SIP/2.0 200 OK"), 40ms)}),
       FindingCode::sip_no_response, "sip response"},
      {"SipServer-GarbageAfterTls", sip_initiator,
       after_request(arena, {send(std::string("\x00\x01\x02\x03", 4))}),
       FindingCode::protocol_violation, "sip response", net::Side::remote, "byte 0x00"},
      {"SipServer-NotSipAfterTls", sip_initiator, after_request(arena, {send("HELLO WORLD\r\n")}),
       FindingCode::protocol_violation, "sip response", net::Side::remote, "bad start line"},
      {"SipServer-EscapeSequencesInStartLine", sip_initiator,
       after_request(arena, {send("\x1B[2J\r\n")}), FindingCode::protocol_violation,
       "sip response"},
      {"SipServer-FloodsOneHeader", sip_initiator,
       after_request(arena, {send("SIP/2.0 200 OK\r\nX: "), flood("a")}),
       FindingCode::protocol_violation, "sip response", net::Side::remote, "no end of headers"},
      {"SipServer-OversizedBody", sip_initiator,
       after_request(arena, {send("SIP/2.0 200 OK\r\nContent-Length: 99999999\r\n\r\n")}),
       FindingCode::protocol_violation, "sip response", net::Side::remote, "over the limit"},
      {"SipServer-NoContentLength", sip_initiator,
       after_request(arena, {send("SIP/2.0 200 OK\r\nVia: x\r\n\r\n")}),
       FindingCode::protocol_violation, "sip response", net::Side::remote, "no Content-Length"},
      {"SipServer-TwoContentLengths", sip_initiator,
       after_request(arena,
                     {send("SIP/2.0 200 OK\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n")}),
       FindingCode::protocol_violation, "sip response", net::Side::remote,
       "two different Content-Length"},
      {"SipServer-InvalidUtf8Reason", sip_initiator,
       after_request(arena, {send(response("SIP/2.0 503 \xFF\xC0\xAF\xED\xA0\x80"))}),
       FindingCode::sip_error_response, "sip response", net::Side::remote, "503"},
      {"SipServer-ClosesAfterTls", sip_initiator, after_request(arena, {close()}),
       FindingCode::peer_closed, "sip response"},
      {"SipServer-ResetsAfterTls", sip_initiator, after_request(arena, {reset()}),
       FindingCode::peer_closed, "sip response"},
      {"SipServer-TruncatedResponse", sip_initiator,
       after_request(arena, {send("SIP/2.0 200 OK\r\nContent-Len"), close()}),
       FindingCode::peer_closed, "sip response"},
  };
}

}  // namespace

TEST_CASE("hostile SIP servers: every misbehaviour named, on time", "[hostile][sip]") {
  Arena& arena = shared_arena();
  check_behaviours(arena, behaviours(arena));
}
