// The known-failures list of a real Edge against any text as its file,
// applied to a scenario's paths: two expected to pass, one expected to fail.
// BadInput ("file:line: field: what") is how it refuses; anything else
// escaping is a bug.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "input_file.hpp"
#include "scenario/known_failures.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

std::vector<PathSpec> scenario_paths() {
  std::vector<PathSpec> paths(3);
  paths[0].id = "aol-inbound";
  paths[1].id = "sip-outbound";
  paths[2].id = "xmpp-inbound";
  paths[2].expect.failure = FindingCode::chain_untrusted;
  return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<PathSpec> paths = scenario_paths();
  try {
    apply_known_failures(fuzz::write_input("known-failures.yaml", data, size), "edge-contoso",
                         paths);
  } catch (const BadInput&) {
  }
  return 0;
}
