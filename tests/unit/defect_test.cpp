#include "pki/defect.hpp"

#include <catch2/catch.hpp>

#include "util/bad_input.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;

TEST_CASE("every catalogued defect parses back to itself", "[defects]") {
  for (const auto& entry : defect_catalogue()) {
    std::string text = entry.argument.empty() ? std::string(entry.name)
                                              : std::string(entry.name) + ":sip.example.com";
    Defect defect = parse_defect(text);
    CHECK(defect.kind == entry.kind);
    CHECK(to_string(defect) == text);
    CHECK(!entry.description.empty());
  }
}

TEST_CASE("defects that make no sense are refused with the known list", "[defects][bad-input]") {
  CHECK_THROWS_WITH(parse_defect("bogus"), Contains("bogus: unknown defect (known: "
                                                    "no-client-eku, no-server-eku, "
                                                    "missing-san:NAME"));
  CHECK_THROWS_WITH(parse_defect("missing-san"), Contains("expected missing-san:NAME"));
  CHECK_THROWS_WITH(parse_defect("expired:yes"), Contains("'expired' takes no argument"));
  CHECK_THROWS_AS(DefectSet({parse_defect("self-signed"), parse_defect("no-intermediate")}),
                  BadInput);
  CHECK_THROWS_AS(DefectSet({parse_defect("expired"), parse_defect("not-yet-valid")}), BadInput);
}

TEST_CASE("a defect set answers what it holds", "[defects]") {
  DefectSet defects({parse_defect("missing-san:SIP.Fabrikam.com"), parse_defect("sha1")});
  CHECK(defects.omits_san("sip.fabrikam.com"));
  CHECK_FALSE(defects.omits_san("fabrikam.com"));
  CHECK(defects.has(DefectKind::sha1));
  CHECK_FALSE(defects.has(DefectKind::expired));
}
