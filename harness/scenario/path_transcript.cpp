#include "scenario/path_transcript.hpp"

#include <fmt/core.h>

#include <array>

#include "transcript/printable.hpp"
#include "transcript/transcript_text.hpp"

namespace fedharness {
namespace {

std::string verdict_line(const Verdict& verdict) {
  if (verdict.passed) {
    return "pass";
  }
  return fmt::format("{} refused by the {} at {}: {}",
                     verdict.code ? to_string(*verdict.code) : "?", verdict.side, verdict.stage,
                     printable_line(verdict.evidence));
}

const Transcript* recorded(const std::optional<net::ConnectionOutcome>& end) {
  return end ? end->transcript.get() : nullptr;
}

}  // namespace

std::string path_transcript(std::string_view scenario_id, const PathResult& result,
                            std::chrono::steady_clock::time_point started) {
  const PathSpec& path = *result.spec;
  std::string text = fmt::format(
      "# fedharness transcript: scenario {}, path {}\n"
      "# {} {}, Edge domain {}, partner {} (policy {})\n"
      "# {}: {}\n",
      scenario_id, path.id, to_string(path.protocol), to_string(path.direction), path.edge_domain,
      path.partner, path.policy.name, to_string(result.outcome), printable_line(result.reason));
  if (result.outcome != PathOutcome::skipped && result.outcome != PathOutcome::error) {
    text += fmt::format("# observed: {}\n", verdict_line(result.observed));
  }
  std::array ends{LabelledTranscript{"edge", recorded(result.edge_end)},
                  LabelledTranscript{"partner", recorded(result.partner_end)}};
  if (ends[0].transcript == nullptr && ends[1].transcript == nullptr) {
    return text + "# no connection of this path was recorded\n";
  }
  text += "# seconds from the path's start; → sent, ← received, · concluded, by the end named\n";
  return text + transcript_text(ends, started);
}

}  // namespace fedharness
