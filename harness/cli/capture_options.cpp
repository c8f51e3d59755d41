#include "cli/capture_options.hpp"

#include <fmt/core.h>

#include <cstdlib>

namespace fedharness::cli {
namespace {

std::shared_ptr<net::KeyLog> open_key_log(const std::string& keylog) {
  if (!keylog.empty()) {
    return net::KeyLog::open(keylog);
  }
  const char* shared = std::getenv("SSLKEYLOGFILE");
  if (shared == nullptr || *shared == '\0') {
    return nullptr;
  }
  return net::KeyLog::open(shared, net::KeyLog::Mode::append);
}

}  // namespace

void add_capture_options(CLI::App& command, CaptureOptions& options, std::string_view files) {
  command.add_option("--keylog", options.keylog,
                     "Write the TLS secrets to FILE (mode 0600) in the NSS key log format, for "
                     "Wireshark or tshark to decrypt a capture; without it SSLKEYLOGFILE is "
                     "appended to");
  command.add_option("--transcript", options.transcript,
                     fmt::format("Write what the connections said and did, with times, into "
                                 "DIR: TLS messages, alerts and verify results, and the SIP or "
                                 "XMPP exchange; {}",
                                 files));
}

Capture open_capture(const CaptureOptions& options) {
  Capture capture{open_key_log(options.keylog), nullptr};
  if (!options.transcript.empty()) {
    capture.transcripts = std::make_shared<TranscriptDirectory>(options.transcript);
  }
  return capture;
}

void Capture::attach(net::asio::ssl::context& context) const {
  if (key_log) {
    key_log->attach(context.native_handle());
  }
}

void Capture::report_failures() const {
  if (!transcripts) {
    return;
  }
  if (auto failure = transcripts->first_failure()) {
    size_t others = transcripts->failures() - 1;
    fmt::print(stderr, "fedharness: {}{}\n", *failure,
               others == 0 ? "" : fmt::format(" (and {} more transcripts)", others));
  }
}

}  // namespace fedharness::cli
