#include "pki/pem_blocks.hpp"

#include <catch2/catch.hpp>

#include "util/bad_input.hpp"

using namespace fedharness;

TEST_CASE("PEM blocks are found with the line they start on", "[pem]") {
  auto blocks = split_pem_blocks(
      "Bag Attributes\n"
      "-----BEGIN CERTIFICATE-----\r\n"
      "AAAA\n"
      "-----END CERTIFICATE-----\n"
      "\n"
      "-----BEGIN PRIVATE KEY-----\n"
      "BBBB\n"
      "-----END PRIVATE KEY-----",
      "f.pem");
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[0].label == "CERTIFICATE");
  CHECK(blocks[0].line == 2);
  CHECK(blocks[0].text == "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  CHECK(blocks[1].label == "PRIVATE KEY");
  CHECK(blocks[1].line == 6);
}

TEST_CASE("a truncated or mismatched PEM block names its line", "[pem][bad-input]") {
  CHECK_THROWS_WITH(split_pem_blocks("x\n-----BEGIN CERTIFICATE-----\nAAAA\n", "f.pem"),
                    "f.pem:2: PEM block CERTIFICATE has no END line (file truncated?)");
  CHECK_THROWS_WITH(
      split_pem_blocks("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n", "f.pem"),
      "f.pem:3: PEM block CERTIFICATE ends with END PRIVATE KEY");
  CHECK_THROWS_WITH(
      split_pem_blocks("-----BEGIN CERTIFICATE-----\nAA\n-----BEGIN CERTIFICATE-----\n", "f.pem"),
      "f.pem:3: PEM block CERTIFICATE opened on line 1 has no END line");
}

TEST_CASE("text without a BEGIN line is not PEM", "[pem]") {
  CHECK_FALSE(looks_like_pem("\x30\x82\x01\x0a"));
  CHECK(split_pem_blocks("just text\n", "f.pem").empty());
}
