#include "cli/probe.hpp"

#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <iostream>

#include "report/run_json.hpp"
#include "report/run_text.hpp"
#include "scenario/environment.hpp"
#include "scenario/path_transcript.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

using namespace net;

std::optional<IssuedCredential> load_probe_identity(const std::string& cert, const std::string& key,
                                                    const std::string& password_file) {
  if (cert.empty()) {
    if (!key.empty()) {
      throw BadInput("--key without --cert: give the certificate too");
    }
    return std::nullopt;
  }
  return load_user_credential({cert, key, password_file});
}

ProbeTranscript probe_transcript(const Capture& capture, Protocol protocol,
                                 const std::string& target) {
  if (!capture.transcripts) {
    return {};
  }
  return {capture.transcripts, fmt::format("probe-{}-{}", to_string(protocol), target),
          std::make_shared<Transcript>()};
}

int run_probe(const PathSpec& path, asio::awaitable<ConnectionOutcome> connection,
              OutputFormat format, const ProbeTranscript& transcript) {
  asio::io_context io(1);
  PathResult result{.spec = &path};
  auto started = std::chrono::steady_clock::now();
  asio::co_spawn(io, std::move(connection),
                 [&](std::exception_ptr error, ConnectionOutcome outcome) {
                   if (error) {
                     std::rethrow_exception(error);
                   }
                   result.partner_end = std::move(outcome);
                 });
  io.run();
  // The probe is the only end we see: a refusal it did not make is the
  // endpoint's ("remote").
  result.observed = observe_path(std::nullopt, result.partner_end);
  judge(result);
  if (transcript.directory && result.partner_end) {
    // The probe stands where a partner would: its end is the partner's.
    result.partner_end->transcript = transcript.recorder;
    transcript.directory->write("", transcript.name, path_transcript("probe", result, started));
  }
  if (format == OutputFormat::json) {
    std::cout << boost::json::serialize(path_to_json(result)) << '\n';
  } else {
    print_path_text(std::cout, result);
  }
  return result.observed.passed ? 0 : 1;
}

}  // namespace fedharness::cli
