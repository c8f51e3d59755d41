// SIP messages cut out of a TLS byte stream (RFC 3261 §7, §18.3), the few
// messages the harness writes (OPTIONS and its responses), and the hostile
// inputs a framer must refuse rather than buffer.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sip/framer.hpp"
#include "sip/message.hpp"
#include "sip/options.hpp"

using namespace fedharness::sip;
using Catch::Matchers::Equals;
using Catch::Matchers::Matches;
using Catch::Matchers::StartsWith;

namespace {

// RFC 3261 §7.1 request, with a body so that Content-Length matters.
constexpr std::string_view kRequest =
    "OPTIONS sip:contoso.com SIP/2.0\r\n"
    "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:fedharness@fabrikam.com>;tag=1928301774\r\n"
    "To: <sip:contoso.com>\r\n"
    "Call-ID: a84b4c76e66710@fabrikam.com\r\n"
    "CSeq: 63104 OPTIONS\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

constexpr std::string_view kResponse =
    "SIP/2.0 403 Forbidden by policy\r\n"
    "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK776asdhds\r\n"
    "Call-ID: a84b4c76e66710@fabrikam.com\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

// A minimal request with the given header lines (each ending in CRLF) and no body.
std::string request_with(std::string_view headers) {
  return "OPTIONS sip:contoso.com SIP/2.0\r\n" + std::string(headers) + "\r\n";
}

// The first value of a header, or "<absent>", so that a failure prints both sides.
std::string header_value(const Message& message, std::string_view name) {
  return std::string(message.header(name).value_or("<absent>"));
}

std::optional<FramingError> framing_error(std::string_view bytes, FramerLimits limits = {}) {
  Framer framer(limits);
  framer.feed(bytes);
  try {
    while (framer.next()) {
    }
  } catch (const FramingError& error) {
    return error;
  }
  return std::nullopt;
}

std::string error_text(std::string_view bytes, FramerLimits limits = {}) {
  auto error = framing_error(bytes, limits);
  return error ? error->what : "no error";
}

// A message fed in one piece; fails the test when there is none.
Message parse_one(std::string_view bytes) {
  Framer framer;
  framer.feed(bytes);
  std::optional<Message> message = framer.next();
  REQUIRE(message.has_value());
  CHECK(framer.buffered() == 0);
  return *message;
}

}  // namespace

TEST_CASE("a request parses into its start line, headers and body", "[sip][framer]") {
  Message message = parse_one(kRequest);
  CHECK(message.is_request());
  CHECK(message.method == "OPTIONS");
  CHECK(message.request_uri == "sip:contoso.com");
  CHECK(message.status == 0);
  REQUIRE(message.headers.size() == 8);
  CHECK(message.headers.front() ==
        std::pair<std::string, std::string>{"Via",
                                            "SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK776asdhds"});
  CHECK(message.headers.back() == std::pair<std::string, std::string>{"Content-Length", "5"});
  // Header names are case-insensitive (RFC 3261 §7.3.1).
  CHECK(header_value(message, "cseq") == "63104 OPTIONS");
  CHECK(header_value(message, "CALL-ID") == "a84b4c76e66710@fabrikam.com");
  CHECK_FALSE(message.header("Contact").has_value());
  CHECK(message.body == "hello");
  CHECK(message.start_line() == "OPTIONS sip:contoso.com");
}

TEST_CASE("a response parses into its status, reason phrase and headers", "[sip][framer]") {
  Message message = parse_one(kResponse);
  CHECK_FALSE(message.is_request());
  CHECK(message.method.empty());
  CHECK(message.request_uri.empty());
  CHECK(message.status == 403);
  // The Reason-Phrase runs to the end of the line, spaces included (RFC 3261 §7.2).
  CHECK(message.reason == "Forbidden by policy");
  CHECK(message.headers.size() == 3);
  CHECK(message.body.empty());
  CHECK(message.start_line() == "403 Forbidden by policy");
}

TEST_CASE("compact header forms are found by their full names", "[sip][framer]") {
  // RFC 3261 §7.3.3: l, f, t, i and v are Content-Length, From, To, Call-ID and Via.
  Message message = parse_one(
      "OPTIONS sip:contoso.com SIP/2.0\r\n"
      "v: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKcompact\r\n"
      "f: <sip:fedharness@fabrikam.com>;tag=77\r\n"
      "t: <sip:contoso.com>\r\n"
      "I: compact-call@fabrikam.com\r\n"
      "l: 3\r\n"
      "\r\n"
      "abc");
  CHECK(header_value(message, "Via") == "SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKcompact");
  CHECK(header_value(message, "From") == "<sip:fedharness@fabrikam.com>;tag=77");
  CHECK(header_value(message, "to") == "<sip:contoso.com>");
  CHECK(header_value(message, "Call-ID") == "compact-call@fabrikam.com");
  CHECK(header_value(message, "Content-Length") == "3");
  CHECK(message.body == "abc");
  // The names keep the spelling they arrived with.
  CHECK(message.headers[0].first == "v");
  CHECK(message.headers[3].first == "I");
  // A compact form is an alias of one header only: "t" is not Content-Type.
  CHECK_FALSE(message.header("Content-Type").has_value());
  CHECK(header_named("m", "Contact"));
  CHECK_FALSE(header_named("Via", "v-extra"));
  CHECK_FALSE(header_named("x", "Via"));
}

TEST_CASE("a folded header line continues the previous value", "[sip][framer]") {
  // RFC 3261 §7.3.1: a line starting with whitespace continues the header
  // above; the fold is equivalent to a single SP.
  Message message =
      parse_one(request_with("Subject: I know you're there,\r\n"
                             "     pull up the chair\r\n"
                             "Via: SIP/2.0/TLS 192.0.2.10:5061;\r\n"
                             "\tbranch=z9hG4bKfolded\r\n"
                             "Content-Length: 0\r\n"));
  CHECK(header_value(message, "Subject") == "I know you're there, pull up the chair");
  CHECK(header_value(message, "Via") == "SIP/2.0/TLS 192.0.2.10:5061; branch=z9hG4bKfolded");
  CHECK(message.headers.size() == 3);

  CHECK_THAT(error_text("OPTIONS sip:contoso.com SIP/2.0\r\n folded: nothing\r\n"
                        "Content-Length: 0\r\n\r\n"),
             Equals("a continuation line before any header"));
}

TEST_CASE("CRLF keep-alives before a message are skipped", "[sip][framer]") {
  // RFC 3261 §7.5 lets CRLFs precede a start line; RFC 5626 §4.4.1 sends a
  // double CRLF ping and a single CRLF pong over the flow.
  Framer framer;
  framer.feed("\r\n\r\n");
  CHECK_FALSE(framer.next().has_value());
  CHECK(framer.buffered() == 0);
  framer.feed("\r\n");
  CHECK_FALSE(framer.next().has_value());
  CHECK(framer.buffered() == 0);

  framer.feed(std::string("\r\n\r\n") + std::string(kResponse) + "\r\n" + std::string(kRequest));
  auto first = framer.next();
  REQUIRE(first.has_value());
  CHECK(first->status == 403);
  auto second = framer.next();
  REQUIRE(second.has_value());
  CHECK(second->method == "OPTIONS");
  CHECK(second->body == "hello");
  CHECK(framer.buffered() == 0);
}

TEST_CASE("a message fed one byte at a time comes out once, after its last byte", "[sip][framer]") {
  // TLS records and TCP segments cut the stream anywhere (RFC 3261 §18.3).
  Framer framer;
  std::optional<Message> message;
  size_t completed_at = 0;
  for (size_t i = 0; i < kRequest.size(); ++i) {
    framer.feed(kRequest.substr(i, 1));
    if (auto next = framer.next()) {
      REQUIRE_FALSE(message.has_value());
      message = std::move(next);
      completed_at = i + 1;
    }
  }
  REQUIRE(message.has_value());
  CHECK(completed_at == kRequest.size());
  CHECK(message->method == "OPTIONS");
  CHECK(header_value(*message, "CSeq") == "63104 OPTIONS");
  CHECK(message->body == "hello");
  CHECK(framer.buffered() == 0);
}

TEST_CASE("two messages in one read come out one after the other", "[sip][framer]") {
  Framer framer;
  framer.feed(std::string(kRequest) + std::string(kResponse));
  auto first = framer.next();
  REQUIRE(first.has_value());
  CHECK(first->method == "OPTIONS");
  CHECK(first->body == "hello");
  CHECK(framer.buffered() == kResponse.size());
  auto second = framer.next();
  REQUIRE(second.has_value());
  CHECK(second->status == 403);
  CHECK(framer.buffered() == 0);
  CHECK_FALSE(framer.next().has_value());
}

TEST_CASE("a body shorter than its Content-Length waits for more bytes", "[sip][framer]") {
  // The body ends where Content-Length says, not at the end of a read; bytes
  // that look like an end of headers inside it are body (RFC 3261 §18.3).
  std::string head = request_with("Content-Length: 12\r\n");
  Framer framer;
  framer.feed(head + "v=0\r");
  CHECK_FALSE(framer.next().has_value());
  CHECK(framer.buffered() == head.size() + 4);
  framer.feed("\n\r\n");
  CHECK_FALSE(framer.next().has_value());
  framer.feed("s=-\r\nOPTIONS");  // the body's last 5 bytes, then the next message begins
  auto message = framer.next();
  REQUIRE(message.has_value());
  CHECK(message->body == "v=0\r\n\r\ns=-\r\n");
  CHECK(framer.buffered() == 7);
  CHECK_FALSE(framer.next().has_value());
}

TEST_CASE("Content-Length must be there, be a number, and fit the limit",
          "[sip][framer][bad-input]") {
  // RFC 3261 §18.3: over a stream transport Content-Length is mandatory.
  CHECK_THAT(error_text(request_with("Call-ID: x\r\n")),
             Equals("no Content-Length, which a stream transport requires (RFC 3261 §18.3)"));
  CHECK_THAT(error_text(request_with("Content-Length: 12abc\r\n")),
             Equals("bad Content-Length '12abc'"));
  CHECK_THAT(error_text(request_with("Content-Length: -1\r\n")), Equals("bad Content-Length '-1'"));
  CHECK_THAT(error_text(request_with("Content-Length: \r\n")), Equals("bad Content-Length ''"));
  CHECK_THAT(error_text(request_with("Content-Length: 0x10\r\n")),
             Equals("bad Content-Length '0x10'"));

  // The body limit is enforced from the header alone, before any body byte is buffered.
  CHECK_THAT(error_text(request_with("Content-Length: 65537\r\n")),
             Equals("Content-Length 65537 is over the limit of 65536 bytes"));
  CHECK_THAT(error_text(request_with("Content-Length: 11\r\n"), {.max_body_bytes = 10}),
             Equals("Content-Length 11 is over the limit of 10 bytes"));
  // Exactly at the limit is allowed: the framer waits for the body.
  CHECK_THAT(error_text(request_with("Content-Length: 65536\r\n")), Equals("no error"));
}

TEST_CASE("the header section has a size limit, with or without its end", "[sip][framer]") {
  FramerLimits limits{.max_header_bytes = 64};
  std::string start = "OPTIONS sip:contoso.com SIP/2.0\r\n";
  std::string filler = "X-Filler: " + std::string(64, 'a');

  // No end of headers yet: refused as soon as more is buffered than the limit
  // plus the three bytes of a CRLFCRLF that may have arrived in part.
  Framer framer(limits);
  framer.feed(std::string(67, 'a'));
  CHECK_FALSE(framer.next().has_value());
  framer.feed("a");
  try {
    framer.next();
    FAIL("68 bytes without an end of headers were accepted");
  } catch (const FramingError& error) {
    CHECK(error.what == "no end of headers within 64 bytes");
    CHECK(error.offset == 0);
  }

  // The end of headers arrived, but too late.
  std::string head = start + filler + "\r\nContent-Length: 0";
  CHECK_THAT(error_text(head + "\r\n\r\n", limits),
             Equals("headers of " + std::to_string(head.size()) + " bytes, over the limit of 64"));
  // A header section of exactly the limit is fine.
  std::string exact = start + "Content-Length: 0";
  exact += std::string(64 - exact.size(), ' ');
  REQUIRE(exact.size() == 64);
  CHECK_THAT(error_text(exact + "\r\n\r\n", limits), Equals("no error"));
}

TEST_CASE("a message with more headers than the limit is refused", "[sip][framer][bad-input]") {
  FramerLimits limits{.max_headers = 3};
  CHECK_THAT(error_text(request_with("A: 1\r\nB: 2\r\nContent-Length: 0\r\n"), limits),
             Equals("no error"));
  CHECK_THAT(error_text(request_with("A: 1\r\nB: 2\r\nC: 3\r\nContent-Length: 0\r\n"), limits),
             Equals("more than 3 headers"));
  // The default limit is 100.
  std::string many;
  for (int i = 0; i < 100; ++i) {
    many += "X-H" + std::to_string(i) + ": v\r\n";
  }
  CHECK_THAT(error_text(request_with(many + "Content-Length: 0\r\n")),
             Equals("more than 100 headers"));
}

TEST_CASE("start lines that are not SIP are refused", "[sip][framer][bad-input]") {
  // Status-Line = SIP-Version SP 3DIGIT SP Reason-Phrase (RFC 3261 §7.2, §25.1).
  auto response = [](std::string_view line) {
    return error_text(std::string(line) + "\r\nContent-Length: 0\r\n\r\n");
  };
  CHECK_THAT(response("SIP/2.0 99 x"), Equals("bad status line 'SIP/2.0 99 x'"));
  CHECK_THAT(response("SIP/2.0 abc"), Equals("bad status line 'SIP/2.0 abc'"));
  CHECK_THAT(response("SIP/2.0 700 Too High"), Equals("bad status line 'SIP/2.0 700 Too High'"));
  CHECK_THAT(response("SIP/2.0 2000 OK"), Equals("bad status line 'SIP/2.0 2000 OK'"));
  CHECK_THAT(response("SIP/2.0 100 Trying"), Equals("no error"));
  CHECK_THAT(response("SIP/2.0 699 Whatever"), Equals("no error"));

  // Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1).
  CHECK_THAT(response("OPTIONS sip:contoso.com"),
             Equals("bad start line 'OPTIONS sip:contoso.com'"));
  CHECK_THAT(response("OPTIONS"), Equals("bad start line 'OPTIONS'"));
  CHECK_THAT(response("GET / HTTP/1.1"), Equals("bad start line 'GET / HTTP/1.1'"));
  CHECK_THAT(response("OPTIONS sip:contoso.com SIP/3.0"),
             Equals("bad start line 'OPTIONS sip:contoso.com SIP/3.0'"));
  // A TLS record or other binary where SIP should be is refused, quoting at most 80 bytes.
  std::string long_line(200, 'Z');
  CHECK_THAT(response(long_line), Equals("bad start line '" + std::string(80, 'Z') + "'"));
}

TEST_CASE("a header line without a colon is refused", "[sip][framer][bad-input]") {
  CHECK_THAT(error_text(request_with("Via SIP/2.0/TLS 192.0.2.10\r\nContent-Length: 0\r\n")),
             Equals("bad header line 'Via SIP/2.0/TLS 192.0.2.10'"));
  // A colon with no name before it is no header either (RFC 3261 §7.3.1).
  CHECK_THAT(error_text(request_with(": value\r\nContent-Length: 0\r\n")),
             Equals("bad header line ': value'"));
}

TEST_CASE("an error says where in the stream the bad message began", "[sip][framer]") {
  // The offset counts every byte consumed before the bad message, keep-alives included.
  std::string stream = std::string(kRequest) + "\r\n\r\n" + "SIP/2.0 abc\r\n\r\n";
  auto error = framing_error(stream);
  REQUIRE(error.has_value());
  CHECK(error->what == "bad status line 'SIP/2.0 abc'");
  CHECK(error->offset == kRequest.size() + 4);
}

TEST_CASE("a hostile stream without an end of headers is refused, not buffered",
          "[sip][framer][bad-input]") {
  // 1 MiB of header bytes with no CRLFCRLF, read as transport.cpp reads it
  // (4 KiB at a time, next() after each read): the framer must give up once
  // past its 16 KiB header limit instead of waiting for the whole megabyte.
  const std::string chunk = "X-Junk: " + std::string(4096 - 10, 'j') + "\r\n";
  REQUIRE(chunk.size() == 4096);
  Framer framer;
  framer.feed("OPTIONS sip:contoso.com SIP/2.0\r\n");
  size_t fed = 0;
  size_t accepted_reads = 0;
  std::optional<FramingError> refusal;
  while (fed < 1024 * 1024 && !refusal) {
    framer.feed(chunk);
    fed += chunk.size();
    try {
      if (!framer.next()) {
        ++accepted_reads;
      }
    } catch (const FramingError& error) {
      refusal = error;
    }
  }
  REQUIRE(refusal.has_value());
  CHECK(refusal->what == "no end of headers within 16384 bytes");
  CHECK(refusal->offset == 0);
  // The start line and three reads fit the limit; the fourth read takes the
  // buffer past it and is refused at once, with 1 MiB - 16 KiB still to come.
  CHECK(accepted_reads == 3);
  CHECK(fed == 4 * 4096);
  CHECK(framer.buffered() == 33 + 4 * 4096);

  // All of it in a single read is refused at the first next(), too.
  CHECK_THAT(error_text(std::string(1024 * 1024, 'j')),
             Equals("no end of headers within 16384 bytes"));
}

TEST_CASE("serialize writes a message the framer reads back unchanged", "[sip][framer]") {
  Message message;
  message.method = "OPTIONS";
  message.request_uri = "sip:contoso.com";
  message.add_header("Via", "SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKrt");
  message.add_header("From", "<sip:fedharness@fabrikam.com>;tag=1");
  message.add_header("To", "<sip:contoso.com>");
  message.add_header("Call-ID", "rt@fabrikam.com");
  message.add_header("CSeq", "1 OPTIONS");
  message.body = "v=0\r\n\r\nx";  // an end-of-headers look-alike inside the body

  std::string wire = message.serialize();
  CHECK(wire ==
        "OPTIONS sip:contoso.com SIP/2.0\r\n"
        "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKrt\r\n"
        "From: <sip:fedharness@fabrikam.com>;tag=1\r\n"
        "To: <sip:contoso.com>\r\n"
        "Call-ID: rt@fabrikam.com\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Content-Length: 8\r\n"
        "\r\n"
        "v=0\r\n\r\nx");

  Message parsed = parse_one(wire);
  CHECK(parsed.method == message.method);
  CHECK(parsed.request_uri == message.request_uri);
  CHECK(parsed.body == message.body);
  REQUIRE(parsed.headers.size() == message.headers.size() + 1);
  for (size_t i = 0; i < message.headers.size(); ++i) {
    CHECK(parsed.headers[i] == message.headers[i]);
  }
  CHECK(parsed.serialize() == wire);

  Message response;
  response.status = 200;
  response.reason = "OK";
  response.add_header("CSeq", "1 OPTIONS");
  CHECK(response.serialize() == "SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
  CHECK(parse_one(response.serialize()).status == 200);
}

TEST_CASE("serialize always writes the Content-Length of the actual body", "[sip][framer]") {
  // A wrong Content-Length would desynchronise the stream for every later
  // message (RFC 3261 §18.3), so the one added by a caller is never written.
  Message message;
  message.status = 200;
  message.reason = "OK";
  message.add_header("Content-Length", "99");
  message.add_header("l", "7");
  message.add_header("CONTENT-LENGTH", "0");
  message.body = "abc";
  std::string wire = message.serialize();
  CHECK(wire == "SIP/2.0 200 OK\r\nContent-Length: 3\r\n\r\nabc");

  Framer framer;
  framer.feed(wire + std::string(kResponse));
  auto first = framer.next();
  REQUIRE(first.has_value());
  CHECK(first->body == "abc");
  auto second = framer.next();
  REQUIRE(second.has_value());
  CHECK(second->status == 403);
}

TEST_CASE("domain_of_name_addr finds the domain of a name-addr or addr-spec", "[sip][framer]") {
  // RFC 3261 §20.10 / §25.1: name-addr = [display-name] "<" addr-spec ">",
  // then header parameters; the domain is the hostport after the user part.
  CHECK(domain_of_name_addr("\"Alice\" <sip:alice@Contoso.COM;transport=tls>;tag=1") ==
        "contoso.com");
  CHECK(domain_of_name_addr("<sip:contoso.com:5061>") == "contoso.com");
  CHECK(domain_of_name_addr("sip:bob@fabrikam.com") == "fabrikam.com");
  CHECK(domain_of_name_addr("sip:bob@fabrikam.com;tag=9") == "fabrikam.com");
  CHECK(domain_of_name_addr("<SIP:bob@Fabrikam.com?subject=x>") == "fabrikam.com");
  CHECK(domain_of_name_addr("<tel:+15551234567>").empty());
  CHECK(domain_of_name_addr("Alice <mailto:alice@contoso.com>").empty());
  CHECK(domain_of_name_addr("").empty());
}

TEST_CASE("make_options builds the OPTIONS probe of a federating server", "[sip][framer]") {
  Message request = make_options("fabrikam.com", "contoso.com", "192.0.2.10:5061");
  CHECK(request.method == "OPTIONS");
  // RFC 3261 §11: the Request-URI and To name the partner's domain.
  CHECK(request.request_uri == "sip:contoso.com");
  CHECK(header_value(request, "To") == "<sip:contoso.com>");
  // From is in our own domain, with a tag (RFC 3261 §8.1.1.3).
  auto from = request.header("From");
  REQUIRE(from.has_value());
  CHECK_THAT(std::string(*from), Matches("<sip:fedharness@fabrikam\\.com>;tag=[0-9a-f]{16}"));
  CHECK(domain_of_name_addr(*from) == "fabrikam.com");
  // RFC 3261 §8.1.1.7: the branch starts with the magic cookie z9hG4bK.
  auto via = request.header("Via");
  REQUIRE(via.has_value());
  CHECK_THAT(std::string(*via),
             Matches("SIP/2.0/TLS 192\\.0\\.2\\.10:5061;branch=z9hG4bK[0-9a-f]{16};rport"));
  CHECK_THAT(std::string(request.header("Call-ID").value_or("")),
             Matches("[0-9a-f]{16}@fabrikam\\.com"));
  CHECK(header_value(request, "CSeq") == "1 OPTIONS");
  CHECK(header_value(request, "Max-Forwards") == "70");
  CHECK(request.body.empty());

  // Branch, tag and Call-ID are fresh for every request (RFC 3261 §8.1.1.4, §8.1.1.7).
  Message again = make_options("fabrikam.com", "contoso.com", "192.0.2.10:5061");
  CHECK(header_value(again, "Via") != header_value(request, "Via"));
  CHECK(header_value(again, "From") != header_value(request, "From"));
  CHECK(header_value(again, "Call-ID") != header_value(request, "Call-ID"));

  Message parsed = parse_one(request.serialize());
  CHECK(parsed.headers == [&] {
    auto headers = request.headers;
    headers.emplace_back("Content-Length", "0");
    return headers;
  }());
}

TEST_CASE("make_response answers a request as RFC 3261 §8.2.6 says", "[sip][framer]") {
  Message request = parse_one(
      "OPTIONS sip:contoso.com SIP/2.0\r\n"
      "Via: SIP/2.0/TLS 192.0.2.20:5061;branch=z9hG4bKproxy\r\n"
      "v: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKorigin\r\n"
      "Max-Forwards: 69\r\n"
      "From: <sip:fedharness@fabrikam.com>;tag=abc\r\n"
      "To: <sip:contoso.com>\r\n"
      "i: call-1@fabrikam.com\r\n"
      "CSeq: 7 OPTIONS\r\n"
      "Content-Length: 0\r\n"
      "\r\n");

  Message response = make_response(request, 404, "Not Found", "domain x is not served here");
  CHECK(response.status == 404);
  CHECK(response.reason == "Not Found");
  // §8.2.6.2: every Via, in order, and From, Call-ID and CSeq as they were.
  REQUIRE(response.headers.size() >= 5);
  CHECK(response.headers[0] == std::pair<std::string, std::string>{
                                   "Via", "SIP/2.0/TLS 192.0.2.20:5061;branch=z9hG4bKproxy"});
  CHECK(response.headers[1] == std::pair<std::string, std::string>{
                                   "v", "SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKorigin"});
  CHECK(header_value(response, "From") == "<sip:fedharness@fabrikam.com>;tag=abc");
  CHECK(header_value(response, "Call-ID") == "call-1@fabrikam.com");
  CHECK(header_value(response, "CSeq") == "7 OPTIONS");
  CHECK_FALSE(response.header("Max-Forwards").has_value());
  // A To tag is added when the request had none.
  CHECK_THAT(std::string(response.header("To").value_or("")),
             Matches("<sip:contoso\\.com>;tag=[0-9a-f]{16}"));
  // §20.43: warn-code 399 (miscellaneous), warn-agent, quoted warn-text.
  CHECK(header_value(response, "Warning") == "399 fedharness \"domain x is not served here\"");

  Message plain = make_response(request, 200, "OK");
  CHECK_FALSE(plain.header("Warning").has_value());
  CHECK(header_value(parse_one(plain.serialize()), "CSeq") == "7 OPTIONS");

  // A To that already has a tag keeps it.
  Message tagged = request;
  for (auto& [name, value] : tagged.headers) {
    if (name == "To") {
      value = "<sip:contoso.com>;tag=kept";
    }
  }
  CHECK(header_value(make_response(tagged, 200, "OK"), "To") == "<sip:contoso.com>;tag=kept");
}

TEST_CASE("a header section at the limit is accepted however the reads cut it", "[sip][framer]") {
  // Framing must not depend on how TCP cut the stream: a header section of
  // exactly max_header_bytes is accepted whether its final CRLFCRLF comes in
  // the same read or byte by byte after it.
  FramerLimits limits{.max_header_bytes = 64};
  std::string head = "OPTIONS sip:contoso.com SIP/2.0\r\nContent-Length: 0";
  head += std::string(64 - head.size(), ' ');
  REQUIRE(head.size() == 64);
  REQUIRE(error_text(head + "\r\n\r\n", limits) == "no error");

  Framer framer(limits);
  std::optional<Message> message;
  std::string refusal = "none";
  try {
    for (char byte : head + "\r\n\r\n") {
      framer.feed(std::string_view(&byte, 1));
      if (auto next = framer.next()) {
        message = std::move(next);
      }
    }
  } catch (const FramingError& error) {
    refusal = error.what;
  }
  CHECK(refusal == "none");
  CHECK(message.has_value());
}

TEST_CASE("a quoted display name cannot name another domain than the URI", "[sip][framer]") {
  // RFC 3261 §25.1: a display-name may be a quoted-string holding any text,
  // "sip:" included; the domain is that of the addr-spec inside <...>. The
  // acceptor checks the client certificate against this domain (RFC 5922
  // §7.3); taking the display name's would let a peer with a certificate for
  // evil.com send a From of contoso.com and pass.
  CHECK(domain_of_name_addr("\"sip:evil.com;\" <sip:ceo@contoso.com>;tag=1") == "contoso.com");
}

TEST_CASE("a Warning text with quotes and backslashes is escaped", "[sip][framer]") {
  // RFC 3261 §20.43 / §25.1: warn-text is a quoted-string, so a '"' or '\'
  // inside it must be sent as a quoted-pair. The acceptor's warnings quote
  // peer-supplied text (the To domain, the certificate's names).
  Message request = parse_one(request_with("To: <sip:contoso.com>\r\nContent-Length: 0\r\n"));
  CHECK(header_value(make_response(request, 403, "Forbidden", "it names: \"a\\b\""), "Warning") ==
        "399 fedharness \"it names: \\\"a\\\\b\\\"\"");
}

TEST_CASE("start lines separate their parts with exactly one space", "[sip][framer]") {
  // RFC 3261 §7.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF;
  // §7.2: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF.
  CHECK_THAT(error_text("OPTIONS  sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n"),
             Catch::Matchers::StartsWith("bad start line"));
  CHECK_THAT(error_text("SIP/2.0 200OK\r\nContent-Length: 0\r\n\r\n"),
             Catch::Matchers::StartsWith("bad status line"));
  CHECK(parse_one("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n").reason == "OK");
}

TEST_CASE("two different Content-Length headers are refused", "[sip][framer]") {
  CHECK_THAT(error_text(request_with("Content-Length: 2\r\nContent-Length: 0\r\n") + "ab"),
             Equals("two different Content-Length headers ('2' and '0')"));
}

TEST_CASE("a sips: address names its domain too", "[sip][framer]") {
  CHECK(domain_of_name_addr("<sips:bob@Contoso.com>") == "contoso.com");
  CHECK(domain_of_name_addr("sip:bob@fabrikam.com;tag=1") == "fabrikam.com");
  CHECK(domain_of_name_addr("<tel:+15550100>") == "");
}
