#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace fedharness::fuzz {

/// The temporary folder that fuzz inputs are written to, made on first use
/// and removed at exit.
const std::filesystem::path& input_folder();

/// Writes one fuzz input to `name` under input_folder(), replacing the last
/// one, for loaders that read only from a path.
std::filesystem::path write_input(const std::filesystem::path& name, const uint8_t* data,
                                  size_t size);

}  // namespace fedharness::fuzz
