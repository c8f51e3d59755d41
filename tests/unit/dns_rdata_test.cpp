#include <catch2/catch.hpp>
#include <string>

#include "dns/rdata.hpp"
#include "dns/srv_order.hpp"

using namespace fedharness::dns;
using namespace std::string_literals;

namespace {

// An SRV record's RDATA: priority, weight, port, then the target in wire form.
std::string srv_rdata(uint16_t priority, uint16_t weight, uint16_t port, const std::string& name) {
  std::string rdata;
  for (uint16_t value : {priority, weight, port}) {
    rdata += static_cast<char>(value >> 8);
    rdata += static_cast<char>(value & 0xff);
  }
  return rdata + name;
}

}  // namespace

TEST_CASE("SRV data parses to its fields, the target lower case", "[dns]") {
  auto record = parse_srv(srv_rdata(10, 50, 5061,
                                    "\x03SIP\x07"
                                    "Contoso\x07"
                                    "example\x00"s));
  REQUIRE(record);
  CHECK(record->priority == 10);
  CHECK(record->weight == 50);
  CHECK(record->port == 5061);
  CHECK(record->target == "sip.contoso.example");
  // RFC 2782: "." says the service is not available.
  CHECK(parse_srv(srv_rdata(0, 0, 0, "\x00"s))->target == ".");
}

TEST_CASE("SRV data that is not exactly a record is refused", "[dns][bad-input]") {
  CHECK_FALSE(parse_srv(""));
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "")));                      // no target
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\x03sip")));               // no root label
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\x03sip\x00junk"s)));      // bytes after the name
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\xc0\x0c"s)));             // a compression pointer
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\x09sip\x00evil\x00"s)));  // label over the end
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\x07sip.com\x00"s)));      // a dot inside a label
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, "\x03\x1b[2\x00"s)));       // an escape sequence
  std::string long_label = "\x40" + std::string(64, 'a') + '\0';
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, long_label)));  // 64 bytes: over RFC 1035's 63
  std::string long_name;
  for (int i = 0; i < 5; ++i) {
    long_name += "\x3f" + std::string(63, 'a');
  }
  CHECK_FALSE(parse_srv(srv_rdata(0, 0, 5061, long_name + '\0')));  // over 255 bytes
}

TEST_CASE("addresses and TLSA data parse by their exact lengths", "[dns]") {
  CHECK(parse_address(RecordType::a, "\x7f\x00\x00\x02"s)->to_string() == "127.0.0.2");
  CHECK(parse_address(RecordType::aaaa, std::string(15, '\0') + '\x01')->to_string() == "::1");
  CHECK_FALSE(parse_address(RecordType::a, "\x7f\x00\x00"s));
  CHECK_FALSE(parse_address(RecordType::aaaa, "\x7f\x00\x00\x02"s));
  auto tlsa = parse_tlsa("\x03\x01\x01\xab\xcd"s);
  REQUIRE(tlsa);
  CHECK((tlsa->usage == 3 && tlsa->selector == 1 && tlsa->matching == 1));
  CHECK(tlsa->data == "\xab\xcd");
  CHECK_FALSE(parse_tlsa("\x03\x01\x01"s));
}

TEST_CASE("SRV records are tried by priority, then by weight (RFC 2782)", "[dns]") {
  std::vector<SrvRecord> records = {
      {20, 0, 5061, "third"}, {10, 0, 5061, "first"}, {15, 0, 5061, "second"}};
  std::mt19937 random(1);
  CHECK(srv_order(records, random) == std::vector<size_t>{1, 2, 0});

  // Within a priority, weight 0 is chosen first only when the draw is 0:
  // once in (total weight + 1) on average.
  std::vector<SrvRecord> weighted = {{10, 0, 5061, "rarely first"}, {10, 100, 5061, "mostly"}};
  int rarely_first = 0;
  for (int i = 0; i < 10000; ++i) {
    std::vector<size_t> order = srv_order(weighted, random);
    REQUIRE(order.size() == 2);
    rarely_first += order.front() == 0 ? 1 : 0;
  }
  CHECK(rarely_first > 30);  // about 99 expected
  CHECK(rarely_first < 200);
}
