#include <catch2/catch.hpp>

#include "dns/trust_anchors.hpp"
#include "util/bad_input.hpp"

using fedharness::BadInput;
using fedharness::dns::parse_trust_anchors;

namespace {

std::string error_of(std::string_view text) {
  try {
    parse_trust_anchors(text, "anchors.txt");
  } catch (const BadInput& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("trust anchors are the DS and DNSKEY lines keymgr and dig print", "[dns]") {
  auto anchors = parse_trust_anchors(
      "; from keymgr signed.example ds\n"
      "signed.example. DS 5113 13 2 fb61420\r\n"
      "\n"
      "# and a key, as dig prints it\n"
      "example.com.\t3600\tIN\tDNSKEY 257 3 13 mdsswUyr==  \n",
      "anchors.txt");
  REQUIRE(anchors.size() == 2);
  CHECK(anchors[0] == "signed.example. DS 5113 13 2 fb61420");
  CHECK(anchors[1] == "example.com.\t3600\tIN\tDNSKEY 257 3 13 mdsswUyr==");
}

TEST_CASE("a trust anchor file of something else is bad input at its line", "[dns][bad-input]") {
  CHECK(error_of("signed.example. DS 1 13 2 ab\n-----BEGIN CERTIFICATE-----\n") ==
        "anchors.txt:2: expected a trust anchor, 'ZONE. DS ...' or 'ZONE. DNSKEY ...' (as "
        "keymgr ZONE ds prints it)");
  CHECK(error_of("sip.example. 60 IN A 127.0.0.1\n") ==
        "anchors.txt:1: expected a trust anchor, 'ZONE. DS ...' or 'ZONE. DNSKEY ...' (as "
        "keymgr ZONE ds prints it)");
  // A NUL would cut the C string libunbound reads; \r is no field separator.
  CHECK(error_of(std::string_view("signed.example.\0 DS 1 13 2 ab\n", 31)) ==
        "anchors.txt:1: expected a trust anchor, 'ZONE. DS ...' or 'ZONE. DNSKEY ...' (as "
        "keymgr ZONE ds prints it)");
  CHECK(error_of("signed.example. 60\rDS 1 13 2 ab\n") ==
        "anchors.txt:1: expected a trust anchor, 'ZONE. DS ...' or 'ZONE. DNSKEY ...' (as "
        "keymgr ZONE ds prints it)");
  CHECK(error_of("; only a comment\n") == "anchors.txt: no trust anchor in it");
  CHECK(error_of("") == "anchors.txt: no trust anchor in it");
}
