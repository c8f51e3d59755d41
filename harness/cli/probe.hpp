#pragma once

#include <optional>
#include <string>

#include "cli/output_format.hpp"
#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "pki/lab_pki.hpp"
#include "scenario/scenario.hpp"

namespace fedharness::cli {

/// The certificate a probe presents: --cert (with --key and --password-file
/// when needed), or none. A --key without --cert is bad input.
std::optional<IssuedCredential> load_probe_identity(const std::string& cert, const std::string& key,
                                                    const std::string& password_file);

/// Which end of the path a probe plays: a partner connecting to an Edge
/// (inbound), or the Edge connecting to a partner's server (outbound).
enum class ProbeEnd { partner, edge };

/// Runs one connection to a real endpoint, judges it as the one path `path`
/// describes, with the probe as `end`, and prints it as `run` prints a path.
/// Returns the exit status: 0 pass, 1 fail.
int run_probe(const PathSpec& path, net::asio::awaitable<net::ConnectionOutcome> connection,
              OutputFormat format, ProbeEnd end = ProbeEnd::partner);

}  // namespace fedharness::cli
