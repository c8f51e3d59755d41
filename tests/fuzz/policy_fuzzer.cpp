// The policy loader against any text as a policy file. BadInput
// ("file:line: field: what") is how it refuses; anything else escaping is a
// bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "util/bad_input.hpp"
#include "verify/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    fedharness::parse_policy(std::string(reinterpret_cast<const char*>(data), size), "policy.yaml");
  } catch (const fedharness::BadInput&) {
  }
  return 0;
}
