// The trust anchor file parser against any bytes: a file given by mistake
// (a certificate, a zone file, a binary) is bad input with a line number,
// never a crash, and what it accepts are single lines naming DS or DNSKEY.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dns/trust_anchors.hpp"
#include "util/bad_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    for (const std::string& anchor : fedharness::dns::parse_trust_anchors(text, "fuzz")) {
      if (anchor.find('\n') != std::string::npos ||
          (anchor.find(" DS") == std::string::npos && anchor.find("\tDS") == std::string::npos &&
           anchor.find("DNSKEY") == std::string::npos)) {
        __builtin_trap();
      }
    }
  } catch (const fedharness::BadInput&) {
  }
  return 0;
}
