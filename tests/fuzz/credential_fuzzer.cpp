// The certificate loader against any bytes as a certificate or key file:
// PEM, DER and PKCS#12, read as --cert (with the fixtures' password, which
// opens the PKCS#12 seed and the encrypted key), as --key, and as --trust
// (no password). BadInput naming the file is how it refuses; anything else
// escaping is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "input_file.hpp"
#include "pki/credential_loader.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

template <typename Load>
void refused_or_loaded(Load load) {
  try {
    load();
  } catch (const BadInput&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<std::string> password = "fixture-password";
  std::filesystem::path file = fuzz::write_input("credential", data, size);
  refused_or_loaded([&] { load_credential(file, password); });
  refused_or_loaded([&] { load_private_key(file, password); });
  refused_or_loaded([&] { load_certificate_bundle(file); });
  return 0;
}
