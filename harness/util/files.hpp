#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace fedharness {

/// What an input file holds; each kind has a size limit of its own.
enum class InputKind {
  certificate,     // PEM, DER or PKCS#12: a credential, a chain, a trust bundle
  password,        // --password-file
  topology,        // YAML
  scenario,        // YAML
  policy,          // YAML
  known_failures,  // YAML
  run_document,    // a run's JSON report, for `report merge`
  trust_anchors,   // DNSSEC DS or DNSKEY lines, for the resolver
};

/// "a certificate file (8 MiB at most)": what a limit message names.
std::string describe(InputKind kind);
size_t size_limit(InputKind kind);

/// Reads a whole input file, the one way every file the user names is read:
/// a regular file only (a folder, a FIFO, a device or a socket is bad input,
/// never waited on nor read for ever) of at most the limit of its kind.
/// Throws BadInput naming the path and what is wrong.
std::string read_file(const std::filesystem::path& path, InputKind kind);

/// Reads a password file: its content without one trailing line break, so a
/// file written by `echo secret > f` (or Notepad's CRLF) gives "secret".
std::string read_password_file(const std::filesystem::path& path);

/// Writes `content` to `path` so that a reader sees the old file or the new
/// one, never half of either: a temporary file in the same folder, created
/// with `mode` from the start (a key is never readable by others, not even
/// for a moment), then renamed over the target.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           mode_t mode);

}  // namespace fedharness
