#include "cli/probe.hpp"

#include <fmt/core.h>

#include <iostream>

#include "report/json_text.hpp"
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

PathResult judge_probe(const PathSpec& path, ConnectionOutcome outcome, ProbeEnd end,
                       const ProbeTranscript& transcript,
                       std::chrono::steady_clock::time_point started) {
  PathResult result{.spec = &path};
  auto& probe_end = end == ProbeEnd::partner ? result.partner_end : result.edge_end;
  probe_end = std::move(outcome);
  // The probe is the only end we see: a refusal it did not make is the
  // endpoint's ("remote").
  result.observed = observe_path(result.edge_end, result.partner_end);
  judge(result);
  if (transcript.directory) {
    probe_end->transcript = transcript.recorder;
    transcript.directory->write("", transcript.name, path_transcript("probe", result, started));
  }
  return result;
}

int run_probe(const PathSpec& path, asio::awaitable<ConnectionOutcome> connection,
              OutputChoice output, const ProbeTranscript& transcript, ProbeEnd end) {
  asio::io_context io(1);
  std::optional<ConnectionOutcome> outcome;
  auto started = std::chrono::steady_clock::now();
  asio::co_spawn(io, std::move(connection), [&](std::exception_ptr error, ConnectionOutcome ended) {
    if (error) {
      std::rethrow_exception(error);
    }
    outcome = std::move(ended);
  });
  io.run();
  PathResult result = judge_probe(path, std::move(*outcome), end, transcript, started);
  if (output.format == OutputFormat::json) {
    std::cout << to_json_text(path_to_json(result)) << '\n';
  } else {
    print_path_text(std::cout, result, output.style());
  }
  return result.observed.passed ? 0 : 1;
}

}  // namespace fedharness::cli
