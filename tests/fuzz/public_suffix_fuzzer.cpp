// The Public Suffix List parser against any bytes: whatever the file holds,
// parsing and asking about names neither crashes nor makes a name with a
// dot and no rule (in any case) a public suffix.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "topology/dns_name.hpp"
#include "verify/public_suffix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fedharness::PublicSuffixList list = fedharness::PublicSuffixList::parse(text);
  for (std::string_view name : {"com", "co.uk", "contoso.com", "a.b.c", ".", "", "x."}) {
    list.is_public_suffix(name);
  }
  // Rules are compared in lower case, so a rule naming it may be in any case.
  if (fedharness::lowercase_ascii(text).find("fedharness") == std::string::npos &&
      list.is_public_suffix("not-a-rule.fedharness")) {
    __builtin_trap();
  }
  return 0;
}
