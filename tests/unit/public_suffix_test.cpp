#include "verify/public_suffix.hpp"

#include <catch2/catch.hpp>

#include "verify/sip_identity.hpp"

using namespace fedharness;

TEST_CASE("public suffixes by the list's rules, wildcards and exceptions", "[identity][psl]") {
  PublicSuffixList list = PublicSuffixList::parse(
      "// ===BEGIN ICANN DOMAINS===\n"
      "com\n"
      "co.uk\n"
      "*.ck\n"
      "!www.ck\n"
      "  github.io   trailing words are not rules\r\n"
      "\n"
      "// a comment\n");
  CHECK(list.size() == 5);
  CHECK(list.is_public_suffix("com"));
  CHECK(list.is_public_suffix("co.uk"));
  CHECK(list.is_public_suffix("github.io"));
  CHECK(list.is_public_suffix("anything.ck"));
  CHECK_FALSE(list.is_public_suffix("www.ck"));
  CHECK_FALSE(list.is_public_suffix("contoso.com"));
  CHECK_FALSE(list.is_public_suffix("contoso.co.uk"));
  // A single label is a top-level domain, listed or not; above it, the root.
  CHECK(list.is_public_suffix("invalid"));
  CHECK(list.is_public_suffix(""));
}

TEST_CASE("a wildcard never stands for every domain under a public suffix", "[identity][psl]") {
  // Debian's list (package publicsuffix, installed by scripts/install-deps).
  REQUIRE(PublicSuffixList::system().size() > 1000);
  CHECK_FALSE(matches_wildcard("*.co.uk", "contoso.co.uk"));
  CHECK_FALSE(matches_wildcard("*.github.io", "contoso.github.io"));
  CHECK(matches_wildcard("*.contoso.co.uk", "sip.contoso.co.uk"));
}
