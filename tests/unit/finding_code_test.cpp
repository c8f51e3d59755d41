#include "verify/finding_code.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>

using namespace fedharness;

TEST_CASE("every finding code has a unique stable name, a meaning and a fix", "[findings]") {
  std::set<std::string_view> names;
  for (const FindingCodeInfo& entry : finding_catalogue()) {
    FindingCode code = entry.code;
    CHECK(&info(code) == &entry);
    CHECK(names.insert(entry.name).second);
    CHECK(!entry.meaning.empty());
    CHECK(!entry.fix.empty());
    CHECK(finding_code_from_string(entry.name) == code);
  }
  CHECK(names.size() == 40);
}

TEST_CASE("finding codes are spelled as scenarios expect them", "[findings]") {
  CHECK(to_string(FindingCode::eku_client_missing) == "EKU_CLIENT_MISSING");
  CHECK(to_string(FindingCode::chain_incomplete) == "CHAIN_INCOMPLETE");
  CHECK(to_string(FindingCode::chain_invalid) == "CHAIN_INVALID");
  CHECK(info(FindingCode::cert_expires_soon).severity == Severity::warning);
  CHECK(info(FindingCode::cert_expired).severity == Severity::error);
  CHECK_FALSE(finding_code_from_string("NO_SUCH_CODE").has_value());
}

TEST_CASE("a finding code travels as a std::error_code", "[findings]") {
  std::error_code error = FindingCode::san_missing;
  CHECK(std::string(error.category().name()) == "fedharness.finding");
  CHECK(error.message() == info(FindingCode::san_missing).meaning);
}
