// The RDATA parsers against any bytes a resolver could hand over: a hostile
// authoritative server chooses them. A parser gives a record or nothing;
// an SRV target that parses is a host name that prints as it is.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dns/rdata.hpp"

using namespace fedharness::dns;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rdata(reinterpret_cast<const char*>(data), size);
  if (auto srv = parse_srv(rdata)) {
    for (char c : srv->target) {
      if (c < '-' || c > 'z') {
        __builtin_trap();  // only letters, digits, '-', '_' and '.' may come out
      }
    }
  }
  parse_tlsa(rdata);
  parse_address(RecordType::a, rdata);
  parse_address(RecordType::aaaa, rdata);
  return 0;
}
