#include "report/run_junit.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "report/xml_escape.hpp"

namespace fedharness {
namespace {

struct Counts {
  size_t tests = 0;
  size_t failures = 0;
  size_t errors = 0;
  size_t skipped = 0;
  double seconds = 0;

  void add(const PathReport& path) {
    ++tests;
    failures += path.outcome == PathOutcome::fail || path.outcome == PathOutcome::unexpected_pass;
    errors += path.outcome == PathOutcome::error;
    skipped += path.outcome == PathOutcome::skipped;
    seconds += path.duration_seconds;
  }

  // The attributes <testsuites> and <testsuite> share; `seconds` may be the
  // run's own duration rather than the sum of its paths'.
  std::string attributes(double time) const {
    return fmt::format(R"(tests="{}" failures="{}" errors="{}" skipped="{}" time="{:.3f}")", tests,
                       failures, errors, skipped, time);
  }
};

// A message attribute is one line: tools show it as a title.
std::string one_line(std::string text) {
  std::ranges::replace_if(
      text, [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return text;
}

std::string code_name(const Verdict& verdict) {
  return verdict.code ? std::string(to_string(*verdict.code)) : "FAIL";
}

// What a person needs to act on a path: why it failed, where, and the fix.
std::string details(const PathReport& path) {
  std::string text = path.reason + "\n";
  if (path.observed && !path.observed->passed) {
    const Verdict& observed = *path.observed;
    text += fmt::format("code: {}\nside: {}\nstage: {}\nevidence: {}\n", code_name(observed),
                        observed.side, observed.stage, observed.evidence);
    if (observed.code) {
      text += fmt::format("fix: {}\n", info(*observed.code).fix);
    }
  } else if (path.observed) {
    text += fmt::format("evidence: {}\n", path.observed->evidence);
  }
  if (path.prediction_disagrees()) {
    text += describe_disagreement(path) + "\n";
  }
  return text;
}

std::string failure(const PathReport& path) {
  std::string type = "UNEXPECTED_PASS";
  std::string message = path.reason;
  if (path.observed && !path.observed->passed) {
    type = code_name(*path.observed);
    message = fmt::format("{}: {}", type, path.observed->evidence);
  }
  return fmt::format(R"(      <failure message="{}" type="{}">{}</failure>)"
                     "\n",
                     xml_escape(one_line(message)), xml_escape(type), xml_escape(details(path)));
}

std::string testcase_body(const PathReport& path) {
  switch (path.outcome) {
    case PathOutcome::pass:
      return path.prediction_disagrees()
                 ? fmt::format("      <system-out>{}</system-out>\n", xml_escape(details(path)))
                 : "";
    case PathOutcome::expected_fail:
      return fmt::format("      <system-out>{}</system-out>\n", xml_escape(details(path)));
    case PathOutcome::fail:
    case PathOutcome::unexpected_pass:
      return failure(path);
    case PathOutcome::skipped:
      return fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(one_line(path.reason)));
    case PathOutcome::error:
      return fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n",
                         xml_escape(one_line(path.reason)), xml_escape(path.reason));
  }
  return "";
}

std::string testcase(const ScenarioReport& scenario, const PathReport& path) {
  std::string body = testcase_body(path);
  std::string open = fmt::format(
      R"(    <testcase classname="{}" name="{}" file="{}" time="{:.3f}")", xml_escape(scenario.id),
      xml_escape(fmt::format("{}: {}", path.id, describe_path(path))), xml_escape(scenario.file),
      path.duration_seconds);
  if (body.empty()) {
    return open + "/>\n";
  }
  return fmt::format("{}>\n{}    </testcase>\n", open, body);
}

}  // namespace

std::string run_report_to_junit(const RunReport& report) {
  std::string suites;
  Counts all;
  for (const auto& scenario : report.scenarios) {
    Counts counts;
    std::string cases;
    for (const auto& path : scenario.paths) {
      counts.add(path);
      all.add(path);
      cases += testcase(scenario, path);
    }
    suites += fmt::format("  <testsuite name=\"{}\" {}>\n{}  </testsuite>\n",
                          xml_escape(scenario.name.empty() ? scenario.id : scenario.name),
                          counts.attributes(counts.seconds), cases);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fedharness\" {}>\n{}"
      "</testsuites>\n",
      all.attributes(report.run.duration_seconds), suites);
}

}  // namespace fedharness
