#include "transcript/transcript.hpp"

#include <fmt/core.h>

#include "transcript/printable.hpp"

namespace fedharness {
namespace {

// Enough of a first line to tell one message from another; the body has all of it.
constexpr size_t kHeadlineBytes = 120;

}  // namespace

Transcript::Transcript(size_t budget)
    : started_(std::chrono::steady_clock::now()), budget_(budget) {}

void Transcript::note(Flow flow, std::string_view headline) {
  record(flow, printable_line(headline), {});
}

void Transcript::data(Flow flow, std::string_view protocol, std::string_view bytes) {
  std::string text = printable(bytes);
  std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
  std::string_view shown = utf8_prefix(first_line, kHeadlineBytes);
  std::string headline =
      fmt::format("{} {}{}", protocol, shown, shown.size() < first_line.size() ? "…" : "");
  // A short one-line exchange (most XML elements) is all in the headline.
  std::string_view content = std::string_view(text).substr(0, text.find_last_not_of('\n') + 1);
  if (content == shown) {
    text.clear();
  }
  record(flow, std::move(headline), std::move(text));
}

void Transcript::record(Flow flow, std::string headline, std::string body) {
  size_t size = headline.size() + body.size();
  if (used_ >= budget_) {
    dropped_bytes_ += size;
    return;
  }
  if (used_ + size > budget_) {
    size_t room = budget_ - used_;
    headline = std::string(utf8_prefix(headline, room));
    body = std::string(utf8_prefix(body, room - headline.size()));
    dropped_bytes_ += size - headline.size() - body.size();
    used_ = budget_;
    auto now = std::chrono::steady_clock::now();
    events_.push_back({now, flow, std::move(headline), std::move(body)});
    events_.push_back({now,
                       Flow::local,
                       fmt::format("transcript limit of {} KiB reached: nothing more of this end "
                                   "is recorded",
                                   budget_ / 1024),
                       {}});
    return;
  }
  used_ += size;
  events_.push_back({std::chrono::steady_clock::now(), flow, std::move(headline), std::move(body)});
}

}  // namespace fedharness
