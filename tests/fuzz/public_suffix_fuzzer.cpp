// The Public Suffix List parser against any bytes: whatever the file holds,
// parsing and asking about names neither crashes nor makes a name with a
// dot and no rule a public suffix.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "verify/public_suffix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  fedharness::PublicSuffixList list = fedharness::PublicSuffixList::parse(text);
  for (std::string_view name : {"com", "co.uk", "contoso.com", "a.b.c", ".", "", "x."}) {
    list.is_public_suffix(name);
  }
  if (text.find("fedharness") == std::string_view::npos &&
      list.is_public_suffix("not-a-rule.fedharness")) {
    __builtin_trap();
  }
  return 0;
}
