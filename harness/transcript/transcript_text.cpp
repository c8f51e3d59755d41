#include "transcript/transcript_text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace fedharness {
namespace {

std::string_view arrow(Flow flow) {
  switch (flow) {
    case Flow::sent:
      return "→";
    case Flow::received:
      return "←";
    case Flow::local:
      break;
  }
  return "·";
}

struct Line {
  const TranscriptEvent* event;
  std::string_view label;
};

void append_body(std::string& out, std::string_view body) {
  body = body.substr(0, body.find_last_not_of('\n') + 1);
  while (!body.empty()) {
    size_t end = body.find('\n');
    out += "    ";
    out += body.substr(0, end);
    out += '\n';
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
  }
}

}  // namespace

std::string transcript_text(std::span<const LabelledTranscript> ends,
                            std::chrono::steady_clock::time_point origin) {
  std::vector<Line> lines;
  size_t width = 0;
  for (const auto& end : ends) {
    width = std::max(width, end.label.size());
    if (end.transcript == nullptr) {
      continue;
    }
    for (const auto& event : end.transcript->events()) {
      lines.push_back({&event, end.label});
    }
  }
  // Stable: each end's events keep their order, and at equal times the ends
  // keep theirs.
  std::ranges::stable_sort(lines, {}, [](const Line& line) { return line.event->at; });
  std::string out;
  for (const auto& [event, label] : lines) {
    std::chrono::duration<double> since = event->at - origin;
    out += fmt::format("{:+.6f} {:<{}} {} {}\n", since.count(), label, width, arrow(event->flow),
                       event->headline);
    append_body(out, event->body);
  }
  for (const auto& end : ends) {
    if (end.transcript != nullptr && end.transcript->dropped_bytes() > 0) {
      out += fmt::format("# {}: {} more bytes of text were left out past the limit\n", end.label,
                         end.transcript->dropped_bytes());
    }
  }
  return out;
}

}  // namespace fedharness
