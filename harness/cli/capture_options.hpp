#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "net/asio.hpp"
#include "net/key_log.hpp"
#include "transcript/transcript_directory.hpp"

namespace fedharness::cli {

/// What the commands that make connections can keep of them besides the
/// verdicts: the TLS secrets (--keylog FILE) and transcripts (--transcript DIR).
struct CaptureOptions {
  std::string keylog;
  std::string transcript;
};

/// `files` says which transcript files the command writes, for --help.
void add_capture_options(CLI::App& command, CaptureOptions& options, std::string_view files);

/// The key log and transcript folder asked for, opened: each null when not
/// asked for.
struct Capture {
  std::shared_ptr<net::KeyLog> key_log;
  std::shared_ptr<TranscriptDirectory> transcripts;

  /// Every handshake on `context` logs its secrets, when there is a key log.
  void attach(net::asio::ssl::context& context) const;

  /// One line on stderr when transcripts could not be written: the verdicts
  /// stand without them, so the exit status does not change.
  void report_failures() const;
};

/// Opens --keylog (or else appends to SSLKEYLOGFILE, as browsers and curl
/// share it) and creates the --transcript folder; throws BadInput naming a
/// file or folder that cannot be made.
Capture open_capture(const CaptureOptions& options);

}  // namespace fedharness::cli
