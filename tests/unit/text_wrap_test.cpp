#include "report/text_wrap.hpp"

#include <catch2/catch.hpp>

using namespace fedharness;

TEST_CASE("evidence is wrapped at spaces to the terminal's width", "[text]") {
  std::string lead = "  evidence: ";
  std::string wrapped = wrap_text(lead, "one two three four five six", 24, "    ");
  CHECK(wrapped == "one two\n    three four five six");
  // Every line fits, the lead counted on the first.
  CHECK((lead + wrapped).find('\n') <= 24);
}

TEST_CASE("wrapping keeps long words whole, and does nothing without a width", "[text]") {
  CHECK(wrap_text("", "a CN=sip.contoso.com,O=Contoso-lab-Edge b", 10, "  ") ==
        "a\n  CN=sip.contoso.com,O=Contoso-lab-Edge\n  b");
  CHECK(wrap_text("lead ", "left  as   it is", 0, "") == "left  as   it is");
  // Code points, not bytes: "←" is one column.
  CHECK(wrap_text("", "\u2190\u2190 \u2190\u2190", 5, "") == "\u2190\u2190 \u2190\u2190");
}
