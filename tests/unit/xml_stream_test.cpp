// The XMPP stream parser against what RFC 6120 allows, and against what a
// hostile peer sends.
#include "xmpp/xml_stream.hpp"

#include <catch2/catch.hpp>

using namespace fedharness::xmpp;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

constexpr std::string_view kHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
    "xmlns:stream='http://etherx.jabber.org/streams' from='contoso.com' to='partner.example' "
    "version='1.0' xml:lang='en'>";

XmlStreamError error_of(std::string_view bytes, XmlStreamLimits limits = {}) {
  XmlStream stream(limits);
  try {
    stream.feed(bytes);
  } catch (const XmlStreamError& error) {
    return error;
  }
  return {"none", ""};
}

}  // namespace

TEST_CASE("the stream header and stanzas come out in order", "[xmpp][xml]") {
  XmlStream stream;
  stream.feed(kHeader);
  REQUIRE(stream.header());
  CHECK(stream.header()->default_ns == "jabber:server");
  CHECK(stream.header()->attribute("from") == "contoso.com");
  CHECK(stream.header()->attribute("to") == "partner.example");
  CHECK(stream.header()->attribute("version") == "1.0");
  CHECK(stream.header()->attribute("xml:lang") == "en");
  CHECK_FALSE(stream.next_element());

  stream.feed(
      "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
      "</stream:features> \n <iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>");
  auto features = stream.next_element();
  REQUIRE(features);
  CHECK(features->is("http://etherx.jabber.org/streams", "features"));
  const XmlElement* starttls = features->child("urn:ietf:params:xml:ns:xmpp-tls", "starttls");
  REQUIRE(starttls);
  CHECK(starttls->child("urn:ietf:params:xml:ns:xmpp-tls", "required"));
  auto iq = stream.next_element();
  REQUIRE(iq);
  CHECK(iq->is("jabber:server", "iq"));
  CHECK(iq->attribute("type") == "get");
  CHECK(iq->child("urn:xmpp:ping", "ping"));
  CHECK_FALSE(stream.closed());
  stream.feed("</stream:stream>");
  CHECK(stream.closed());
}

TEST_CASE("a stanza cut into single bytes parses the same", "[xmpp][xml]") {
  XmlStream stream;
  std::string bytes = std::string(kHeader) + "<message to='a@b'><body>x &amp; y</body></message>";
  for (char byte : bytes) {
    stream.feed(std::string_view(&byte, 1));
  }
  auto message = stream.next_element();
  REQUIRE(message);
  REQUIRE(message->child("jabber:server", "body"));
  CHECK(message->child("jabber:server", "body")->text == "x & y");
}

TEST_CASE("a restart begins a new stream (RFC 6120 §4.3.3)", "[xmpp][xml]") {
  XmlStream stream;
  stream.feed(std::string(kHeader) + "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
  REQUIRE(stream.next_element());
  stream.restart();
  CHECK_FALSE(stream.header());
  stream.feed(kHeader);
  CHECK(stream.header());
}

TEST_CASE("restricted XML is refused (RFC 6120 §11.1)", "[xmpp][xml][hostile]") {
  CHECK(error_of("<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]>").condition ==
        "restricted-xml");
  CHECK(error_of(std::string(kHeader) + "<!-- hello -->").condition == "restricted-xml");
  CHECK(error_of(std::string(kHeader) + "<?php echo 1; ?>").condition == "restricted-xml");
  CHECK(error_of(std::string(kHeader) + "<iq><!-- inside --></iq>").condition == "restricted-xml");
}

TEST_CASE("hostile sizes are refused before they are held", "[xmpp][xml][hostile]") {
  XmlStreamLimits small{.max_stanza_bytes = 1024, .max_depth = 4, .max_attributes = 3};
  auto huge = std::string(kHeader) + "<message><body>" + std::string(1 << 20, 'a');
  XmlStreamError error = error_of(huge, small);
  CHECK(error.condition == "policy-violation");
  CHECK(error.text == "stanza over the size limit");

  std::string deep = std::string(kHeader);
  for (int i = 0; i < 6; ++i) {
    deep += "<a>";
  }
  CHECK(error_of(deep, small).text == "elements nested deeper than 4");
  CHECK(error_of(std::string(kHeader) + "<iq a='1' b='2' c='3' d='4'/>", small).text ==
        "more than 3 attributes on <iq>");
}

TEST_CASE("malformed XML and a wrong root are stream errors", "[xmpp][xml][hostile]") {
  XmlStreamError error = error_of(std::string(kHeader) + "<iq></message>");
  CHECK(error.condition == "not-well-formed");
  CHECK_THAT(error.text, StartsWith("mismatched tag at line 1"));
  CHECK(error_of("<html><body/></html>").condition == "invalid-namespace");
  CHECK(error_of(std::string(kHeader) + "hello").condition == "bad-format");
  CHECK(error_of(std::string("\x00\x01\x02", 3)).condition == "not-well-formed");
}

TEST_CASE("elements serialize with their namespace declared once", "[xmpp][xml]") {
  XmlElement auth{"urn:ietf:params:xml:ns:xmpp-sasl", "auth", {{"mechanism", "EXTERNAL"}}, {}, "="};
  CHECK(auth.serialize() ==
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
  XmlElement iq{"jabber:server", "iq", {{"id", "a'b"}}, {{"urn:xmpp:ping", "ping"}}, ""};
  CHECK(iq.serialize("jabber:server") == "<iq id='a&apos;b'><ping xmlns='urn:xmpp:ping'/></iq>");
}
