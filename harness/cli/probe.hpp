#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "cli/capture_options.hpp"
#include "cli/output_format.hpp"
#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "pki/lab_pki.hpp"
#include "scenario/path_result.hpp"
#include "scenario/scenario.hpp"

namespace fedharness::cli {

/// The certificate a probe presents: --cert (with --key and --password-file
/// when needed), or none. A --key without --cert is bad input.
std::optional<IssuedCredential> load_probe_identity(const std::string& cert, const std::string& key,
                                                    const std::string& password_file);

/// The probe's connection as --transcript records it: the recorder its
/// configuration points at (null without --transcript), and the file it is
/// written to after the verdict, <DIR>/<name>.txt.
struct ProbeTranscript {
  std::shared_ptr<TranscriptDirectory> directory;
  std::string name;
  std::shared_ptr<Transcript> recorder;
};

/// A transcript for a probe of `protocol` at `target`, when `capture` asks for transcripts.
ProbeTranscript probe_transcript(const Capture& capture, Protocol protocol,
                                 const std::string& target);

/// Which end of the path a probe plays: a partner connecting to an Edge
/// (inbound), or the Edge connecting to a partner's server (outbound).
enum class ProbeEnd { partner, edge };

/// One connection's outcome judged as the path `path` describes, with the
/// probe as `end`; its transcript written when there is one.
PathResult judge_probe(const PathSpec& path, net::ConnectionOutcome outcome, ProbeEnd end,
                       const ProbeTranscript& transcript,
                       std::chrono::steady_clock::time_point started);

/// Runs one connection to a real endpoint, judges it as the one path `path`
/// describes, with the probe as `end`, prints it as `run` prints a path, and
/// writes its transcript. Returns the exit status: 0 pass, 1 fail.
int run_probe(const PathSpec& path, net::asio::awaitable<net::ConnectionOutcome> connection,
              OutputChoice output, const ProbeTranscript& transcript,
              ProbeEnd end = ProbeEnd::partner);

}  // namespace fedharness::cli
