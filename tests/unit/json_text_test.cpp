#include "report/json_text.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <limits>

using namespace fedharness;
namespace json = boost::json;

TEST_CASE("JSON numbers with a fraction are plain decimals", "[json]") {
  CHECK(to_json_text(json::value(0.021508578)) == "0.021508578");
  CHECK(to_json_text(json::value(2.5)) == "2.5");
  CHECK(to_json_text(json::value(1234.0)) == "1234");
  CHECK(to_json_text(json::value(std::int64_t{-7})) == "-7");
  // RFC 8259 §6 has no NaN or infinity.
  CHECK(to_json_text(json::value(std::numeric_limits<double>::quiet_NaN())) == "null");
  CHECK(to_json_text(json::value(std::numeric_limits<double>::infinity())) == "null");
}

TEST_CASE("JSON text is what boost::json reads back, strings escaped", "[json]") {
  json::value document = json::object{
      {"path", "sip \"inbound\"\n\x01"},
      {"seconds", 0.1},
      {"list", json::array{true, nullptr, 3, json::object{{"k", "v"}}}},
      {"empty", json::object{}},
  };
  std::string text = to_json_text(document);
  CHECK(text.find("E-") == std::string::npos);
  CHECK(json::parse(text) == document);
}
