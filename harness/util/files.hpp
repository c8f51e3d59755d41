#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fedharness {

/// Reads a whole file; throws BadInput naming the path when it cannot.
std::string read_file(const std::filesystem::path& path);

/// Reads a password file: its content without one trailing line break, so a
/// file written by `echo secret > f` gives "secret".
std::string read_password_file(const std::filesystem::path& path);

/// Writes `content` to `path` so that a reader sees the old file or the new
/// one, never half of either: a temporary file in the same folder, created
/// with `mode` from the start (a key is never readable by others, not even
/// for a moment), then renamed over the target.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           mode_t mode);

}  // namespace fedharness
