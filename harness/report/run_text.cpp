#include "report/run_text.hpp"

#include <fmt/ostream.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/color.hpp"
#include "report/path_row.hpp"
#include "report/run_report_builder.hpp"
#include "report/run_summary.hpp"
#include "report/text_wrap.hpp"
#include "scenario/edge_location.hpp"

namespace fedharness {
namespace {

std::string_view outcome_color(PathOutcome outcome) {
  switch (outcome) {
    case PathOutcome::pass:
    case PathOutcome::expected_fail:
      return kGreen;
    case PathOutcome::skipped:
      return kYellow;
    case PathOutcome::fail:
    case PathOutcome::unexpected_pass:
    case PathOutcome::error:
      return kRed;
  }
  return kRed;
}

/// The widths of the columns before the last, from their content.
struct Widths {
  size_t path = 0;
  size_t outcome = 0;
  size_t code = 0;
  size_t side = 0;

  void fit(const PathRow& row) {
    path = std::max(path, row.path.size());
    outcome = std::max(outcome, row.outcome.size());
    code = std::max(code, row.code.size());
    side = std::max(side, row.side.size());
  }
};

void print_row(std::ostream& out, const PathRow& row, const Widths& widths,
               std::optional<PathOutcome> outcome, TextStyle style) {
  print_cell(out, row.path, widths.path + 1, {});
  print_cell(out, row.outcome, widths.outcome + 1,
             style.color && outcome ? outcome_color(*outcome) : std::string_view{});
  print_cell(out, row.code, widths.code + 1, style.color && outcome ? kBold : std::string_view{});
  print_cell(out, row.side, widths.side + 1, {});
  fmt::print(out, "{}\n", row.predicted);
}

// "      LEAD TEXT", TEXT wrapped to the style's width under its lead.
void print_detail(std::ostream& out, std::string_view lead, std::string_view text,
                  TextStyle style) {
  std::string first = fmt::format("      {}", lead);
  fmt::print(out, "{}{}\n", first, wrap_text(first, text, style.width, "        "));
}

void print_details(std::ostream& out, const PathReport& path, TextStyle style) {
  print_detail(out, "", path.reason, style);
  if (path.edge_target && !path.edge_target->address.empty()) {
    const EdgeTarget& target = *path.edge_target;
    fmt::print(out, "      went to {} at {}{}\n", target.host, target_text(target),
               target.record.empty() ? "" : fmt::format(" (from {})", target.record));
  }
  if (!path.observed) {
    return;
  }
  const Verdict& observed = *path.observed;
  if (!observed.passed) {
    print_detail(out, fmt::format("evidence ({}, {}): ", observed.side, observed.stage),
                 observed.evidence, style);
    if (observed.code) {
      print_detail(out, "fix: ", info(*observed.code).fix, style);
    }
  }
  if (path.prediction_disagrees()) {
    print_detail(out, "", describe_disagreement(path), style);
  }
}

void print_path(std::ostream& out, const PathReport& path, const PathRow& row, const Widths& widths,
                TextStyle style) {
  print_row(out, row, widths, path.outcome, style);
  if (path.outcome != PathOutcome::pass) {
    print_details(out, path, style);
  }
}

}  // namespace

void print_path_text(std::ostream& out, const PathReport& path, TextStyle style) {
  PathRow row = make_path_row(path);
  Widths widths;
  widths.fit(row);
  print_path(out, path, row, widths, style);
}

void print_path_text(std::ostream& out, const PathResult& result, TextStyle style) {
  print_path_text(out, make_path_report(result), style);
}

void print_run_text(std::ostream& out, const RunReport& report, TextStyle style) {
  for (const auto& scenario : report.scenarios) {
    if (scenario.paths.empty()) {
      continue;
    }
    fmt::print(out, "{}: {}\n", scenario.file, scenario.name);
    size_t id_width = 2;
    Widths widths;
    widths.fit(kPathRowHeader);
    std::vector<PathRow> rows;
    for (const auto& path : scenario.paths) {
      id_width = std::max(id_width, path.id.size());
      rows.push_back(make_path_row(path));
      widths.fit(rows.back());
    }
    fmt::print(out, "  {:<{}} ", "id", id_width);
    print_row(out, kPathRowHeader, widths, std::nullopt, style);
    for (size_t i = 0; i < rows.size(); ++i) {
      fmt::print(out, "  {:<{}} ", scenario.paths[i].id, id_width);
      print_path(out, scenario.paths[i], rows[i], widths, style);
    }
    fmt::print(out, "\n");
  }
  RunSummary summary = summarize(report);
  if (!report.run.judged_at.empty()) {
    fmt::print(out, "certificate validity judged as of {} (--at)\n", report.run.judged_at);
  }
  if (summary.prediction_disagreements > 0) {
    fmt::print(out, "{}\n", disagreement_line(summary));
  }
  fmt::print(out, "{}\n", summary_line(summary));
}

}  // namespace fedharness
