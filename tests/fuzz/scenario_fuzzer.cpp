// The scenario loader against any text as a scenario file. The file sits in
// a folder laid out as the repository's scenarios are, so that the seeds'
// relative files resolve: ../topologies/, policies/ (the catalogue's),
// ../fixtures/ and a known-failures list. BadInput ("file:line: field: what")
// is how it refuses; anything else escaping is a bug.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "input_file.hpp"
#include "scenario/scenario.hpp"
#include "util/bad_input.hpp"

namespace {

constexpr uint8_t kKnownFailures[] =
    "known_failures:\n"
    "  - {path: in, code: CLIENT_CERT_MISSING, reason: on purpose}\n"
    "  - {path: elsewhere, scenario: another, reason: not this scenario's}\n";

void link_source(const char* source, const std::filesystem::path& link) {
  std::filesystem::create_directory_symlink(std::filesystem::path(FEDHARNESS_SOURCE_DIR) / source,
                                            fedharness::fuzz::input_folder() / link);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::filesystem::create_directory(fedharness::fuzz::input_folder() / "scenarios");
  link_source("scenarios/topologies", "topologies");
  link_source("scenarios/catalogue/policies", "scenarios/policies");
  link_source("fixtures", "fixtures");
  fedharness::fuzz::write_input("scenarios/known-failures.yaml", kKnownFailures,
                                sizeof kKnownFailures - 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    fedharness::load_scenario(fedharness::fuzz::write_input("scenarios/fuzz.yaml", data, size));
  } catch (const fedharness::BadInput&) {
  }
  return 0;
}
