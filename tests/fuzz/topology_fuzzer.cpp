// The topology loader against any text as a topology file. BadInput
// ("file:line: field: what") is how it refuses; anything else escaping is a
// bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "topology/topology.hpp"
#include "util/bad_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    fedharness::parse_topology(std::string(reinterpret_cast<const char*>(data), size),
                               "topology.yaml");
  } catch (const fedharness::BadInput&) {
  }
  return 0;
}
