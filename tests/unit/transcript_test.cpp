// The transcript recorder: what a connection end records, how a peer's bytes
// are made safe to read, the limit a hostile peer runs into, and the file
// that puts the ends of a path in one time line.
#include "transcript/transcript.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "test_support.hpp"
#include "transcript/printable.hpp"
#include "transcript/transcript_directory.hpp"
#include "transcript/transcript_text.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

using namespace fedharness;
using namespace std::chrono_literals;

TEST_CASE("a peer's bytes are escaped, its text kept", "[transcript]") {
  CHECK(printable("OPTIONS sip:contoso.com SIP/2.0\r\nVia: x\r\n") ==
        "OPTIONS sip:contoso.com SIP/2.0\nVia: x\n");
  CHECK(printable("<body>Grüße</body>") == "<body>Grüße</body>");
  CHECK(printable(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(printable("bell\a esc\x1b[2J del\x7f") == "bell\\x07 esc\\x1B[2J del\\x7F");
  CHECK(printable("lone\rcr") == "lone\\x0Dcr");
  CHECK(printable("tab\there") == "tab\\x09here");
  // Not UTF-8: an overlong '/', a lone continuation byte, a cut sequence.
  CHECK(printable("\xC0\xAF \x80 \xE2\x82") == "\\xC0\\xAF \\x80 \\xE2\\x82");
  // A backslash is escaped so that "\x41" in the file only ever means a byte.
  CHECK(printable("C:\\x41") == "C:\\\\x41");
  // C1 CSI, and the right-to-left override of "Trojan Source".
  CHECK(printable("\xC2\x9B"
                  "31m") == "\\xC2\\x9B31m");
  CHECK(printable("abc\xE2\x80\xAE"
                  "def") == "abc\\xE2\\x80\\xAEdef");
  CHECK(printable_line("two\r\nlines") == "two\\x0Alines");
}

TEST_CASE("a cut never splits a UTF-8 character", "[transcript]") {
  CHECK(utf8_prefix("Grüße", 3) == "Gr");
  CHECK(utf8_prefix("Grüße", 4) == "Grü");
  CHECK(utf8_prefix("abc", 10) == "abc");
}

TEST_CASE("events keep their order and times; data goes in whole", "[transcript]") {
  Transcript transcript;
  transcript.note(Flow::sent, "TLS ClientHello SNI=sip.contoso.com");
  transcript.data(Flow::sent, "SIP",
                  "OPTIONS sip:contoso.com SIP/2.0\r\nContent-Length: 0\r\n\r\n");
  transcript.data(Flow::received, "XMPP", "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  transcript.note(Flow::local, "TLS verify depth 0 CN=\x1b]0;evil: ok");

  const auto& events = transcript.events();
  REQUIRE(events.size() == 4);
  CHECK(events[0].flow == Flow::sent);
  CHECK(events[0].headline == "TLS ClientHello SNI=sip.contoso.com");
  CHECK(events[0].body.empty());
  // A message's headline is its first line; the body is all of it.
  CHECK(events[1].headline == "SIP OPTIONS sip:contoso.com SIP/2.0");
  CHECK(events[1].body == "OPTIONS sip:contoso.com SIP/2.0\nContent-Length: 0\n\n");
  // A short element is all in its headline.
  CHECK(events[2].flow == Flow::received);
  CHECK(events[2].headline == "XMPP <proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  CHECK(events[2].body.empty());
  CHECK(events[3].headline == "TLS verify depth 0 CN=\\x1B]0;evil: ok");
  for (size_t i = 1; i < events.size(); ++i) {
    CHECK(events[i - 1].at <= events[i].at);
  }
  CHECK(transcript.started() <= events[0].at);
  CHECK(transcript.dropped_bytes() == 0);
}

TEST_CASE("a long first line is cut in the headline, not in the body", "[transcript]") {
  Transcript transcript;
  std::string header = "<stream:stream xmlns='jabber:server' " + std::string(200, 'a') + ">";
  transcript.data(Flow::received, "XMPP", header);
  const TranscriptEvent& event = transcript.events().front();
  CHECK(event.headline.ends_with("…"));
  CHECK(event.headline.size() < 140);
  CHECK(event.body == header);
}

TEST_CASE("past its limit an end records a marker, then only counts", "[transcript]") {
  Transcript transcript(100);
  transcript.data(Flow::received, "SIP", std::string(60, 'x'));
  transcript.data(Flow::received, "SIP", std::string(60, 'y') + "\n" + std::string(60, 'y'));
  transcript.data(Flow::received, "SIP", std::string(1000, 'z'));
  transcript.note(Flow::received, "TLS alert close_notify (warning)");

  const auto& events = transcript.events();
  REQUIRE(events.size() == 3);
  size_t kept = 0;
  for (const auto& event : events) {
    kept += event.headline.size() + event.body.size();
  }
  CHECK(kept - events[2].headline.size() <= 100);
  CHECK(events[2].flow == Flow::local);
  CHECK(events[2].headline.find("limit") != std::string::npos);
  CHECK(transcript.dropped_bytes() > 1000);
}

TEST_CASE("a path's ends merge in time order, from the path's start", "[transcript]") {
  auto origin = std::chrono::steady_clock::now();
  Transcript partner;
  Transcript edge;
  partner.note(Flow::sent, "TLS ClientHello SNI=sip.contoso.com");
  std::this_thread::sleep_for(1ms);
  edge.note(Flow::received, "TLS ClientHello SNI=sip.contoso.com");
  std::this_thread::sleep_for(1ms);
  partner.data(Flow::sent, "SIP", "OPTIONS sip:contoso.com SIP/2.0\r\nTo: <sip:contoso.com>\r\n");
  std::this_thread::sleep_for(1ms);
  edge.note(Flow::sent, "TLS alert certificate_required (fatal)");

  std::array ends{LabelledTranscript{"edge", &edge}, LabelledTranscript{"partner", &partner}};
  std::string text = transcript_text(ends, origin);
  INFO(text);
  std::vector<std::string> lines;
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  REQUIRE(lines.size() == 6);
  CHECK(lines[0].starts_with("+0.0"));
  CHECK(lines[0].substr(10) == "partner → TLS ClientHello SNI=sip.contoso.com");
  CHECK(lines[1].substr(10) == "edge    ← TLS ClientHello SNI=sip.contoso.com");
  CHECK(lines[2].substr(10) == "partner → SIP OPTIONS sip:contoso.com SIP/2.0");
  CHECK(lines[3] == "    OPTIONS sip:contoso.com SIP/2.0");
  CHECK(lines[4] == "    To: <sip:contoso.com>");
  CHECK(lines[5].substr(10) == "edge    → TLS alert certificate_required (fatal)");
}

TEST_CASE("an end that recorded nothing, and one past its limit, say so", "[transcript]") {
  Transcript small(10);
  small.data(Flow::received, "XMPP", std::string(50, 'x'));
  std::array ends{LabelledTranscript{"edge", nullptr}, LabelledTranscript{"partner", &small}};
  std::string text = transcript_text(ends, small.started());
  CHECK(text.find("# partner: ") != std::string::npos);
  CHECK(text.find("left out past the limit") != std::string::npos);
}

TEST_CASE("transcript files go under their folder, ids made safe", "[transcript]") {
  test::TemporaryFolder folder;
  TranscriptDirectory transcripts(folder.path() / "deep" / "transcripts");
  transcripts.prepare("federation-good");
  transcripts.write("federation-good", "inbound-contoso", "text\n");
  CHECK(read_file(folder.path() / "deep/transcripts/federation-good/inbound-contoso.txt",
                  InputKind::scenario) == "text\n");
  CHECK(file_name_for("../../etc/passwd") == "_.._.._etc_passwd");
  CHECK(file_name_for("..") == "_..");
  CHECK(file_name_for("") == "_");
  CHECK(file_name_for("probe-sip-127.0.0.1:5061") == "probe-sip-127.0.0.1_5061");
  CHECK_FALSE(transcripts.first_failure());
}

TEST_CASE("a transcript folder that cannot be made is bad input naming it", "[transcript]") {
  test::TemporaryFolder folder;
  write_file_atomically(folder.path() / "file", "", 0644);
  std::string path = (folder.path() / "file" / "transcripts").string();
  CHECK_THROWS_WITH(TranscriptDirectory(path), Catch::Contains(path));

  TranscriptDirectory transcripts(folder.path() / "ok");
  write_file_atomically(folder.path() / "ok" / "taken", "", 0644);
  CHECK_THROWS_AS(transcripts.prepare("taken"), BadInput);
  // A file that cannot be written is remembered, naming it; the run goes on.
  transcripts.write("missing-folder", "path", "text");
  REQUIRE(transcripts.first_failure());
  CHECK(transcripts.first_failure()->find("missing-folder/path.txt") != std::string::npos);
  CHECK(transcripts.failures() == 1);
}

TEST_CASE("a peer's text is displayable on one line, once and for all", "[transcript][utf8]") {
  // An escape sequence that would clear the operator's screen, invalid
  // UTF-8 (a lone 0xFF, an overlong '/', a surrogate), and RFC 2253's own
  // escape, which stays as it is.
  std::string hostile = "OPTIONS \x1B[2J \xFF\xC0\xAF\xED\xA0\x80 CN=a\\,b\r\nnext";
  std::string shown = displayable(hostile);
  CHECK(shown == "OPTIONS \\x1B[2J \\xFF\\xC0\\xAF\\xED\\xA0\\x80 CN=a\\,b\\x0Anext");
  CHECK(displayable(shown) == shown);
  CHECK(displayable("caf\xC3\xA9") == "caf\xC3\xA9");  // UTF-8 text stays text
}
