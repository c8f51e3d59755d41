#include "report/run_text.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "report/color.hpp"
#include "report/run_summary.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

PathReport path(std::string id, PathOutcome outcome) {
  PathReport report;
  report.id = std::move(id);
  report.protocol = Protocol::xmpp;
  report.direction = Direction::inbound;
  report.edge_domain = "contoso.com";
  report.partner = "partner.example";
  report.outcome = outcome;
  report.reason = "why";
  if (outcome != PathOutcome::skipped && outcome != PathOutcome::error) {
    report.observed =
        Verdict{outcome == PathOutcome::pass || outcome == PathOutcome::unexpected_pass,
                std::nullopt, "", "done", "ping answered"};
  }
  return report;
}

RunReport report_of(std::vector<PathReport> paths) {
  RunReport report;
  report.scenarios.push_back({.id = "s", .name = "a scenario", .file = "s.yaml", .paths = paths});
  return report;
}

std::string text_of(const RunReport& report, TextStyle style = {}) {
  std::ostringstream out;
  print_run_text(out, report, style);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("Colour: always and never say so, auto needs a terminal and no NO_COLOR", "[report]") {
  CHECK(use_color(ColorChoice::always, false, nullptr));
  CHECK(use_color(ColorChoice::always, true, "1"));  // an explicit choice wins over NO_COLOR
  CHECK_FALSE(use_color(ColorChoice::never, true, nullptr));
  CHECK(use_color(ColorChoice::automatic, true, nullptr));
  CHECK(use_color(ColorChoice::automatic, true, ""));  // empty is unset (no-color.org)
  CHECK_FALSE(use_color(ColorChoice::automatic, true, "1"));
  CHECK_FALSE(use_color(ColorChoice::automatic, true, "0"));  // any non-empty value
  CHECK_FALSE(use_color(ColorChoice::automatic, false, nullptr));
  CHECK(parse_color_choice("auto") == ColorChoice::automatic);
  CHECK(parse_color_choice("always") == ColorChoice::always);
  CHECK(parse_color_choice("never") == ColorChoice::never);
  CHECK_THROWS_AS(parse_color_choice("yes"), BadInput);
}

TEST_CASE("Summary line: expected-fail passes, unexpected-pass and error fail", "[report]") {
  CHECK(summary_line({}) == "0 passed, 0 failed");
  RunReport report =
      report_of({path("a", PathOutcome::pass), path("b", PathOutcome::expected_fail),
                 path("c", PathOutcome::fail), path("d", PathOutcome::unexpected_pass),
                 path("e", PathOutcome::error)});
  CHECK(summary_line(summarize(report)) == "2 passed, 3 failed");
  CHECK(lines_of(text_of(report)).back() == "2 passed, 3 failed");
  report.scenarios[0].paths.push_back(path("f", PathOutcome::skipped));
  CHECK(summary_line(summarize(report)) == "2 passed, 3 failed, 1 skipped");
  CHECK(lines_of(text_of(report)).back() == "2 passed, 3 failed, 1 skipped");
}

TEST_CASE("Text matrix: columns as wide as their content, colour only when asked", "[report]") {
  PathReport refused = path("sasl", PathOutcome::fail);
  refused.observed = Verdict{false, FindingCode::xmpp_sasl_external_not_offered, "partner", "sasl",
                             "EXTERNAL not among the mechanisms"};
  RunReport report = report_of({path("ok", PathOutcome::pass), refused});
  std::string plain = text_of(report);
  CHECK(plain.find('\033') == std::string::npos);
  std::vector<std::string> lines = lines_of(plain);
  REQUIRE(lines.size() >= 7);  // title, header, ok, sasl, its reason, evidence, fix
  CHECK(lines[0] == "s.yaml: a scenario");
  // The side column starts at the same place in the header and both rows,
  // after the longest code and a space.
  size_t side = lines[1].find("side");
  REQUIRE(side != std::string::npos);
  CHECK(lines[3].substr(side, 7) == "partner");
  size_t code = lines[3].find("XMPP_SASL_EXTERNAL_NOT_OFFERED");
  REQUIRE(code != std::string::npos);
  CHECK(code + std::string_view("XMPP_SASL_EXTERNAL_NOT_OFFERED ").size() == side);
  CHECK(lines[1].find("code") == code);
  CHECK(lines[2].find("xmpp inbound contoso.com <- partner.example") == 7);  // "  ok   "
  CHECK(lines[5].find("evidence (partner, sasl): EXTERNAL not among the mechanisms") !=
        std::string::npos);

  std::string colored = text_of(report, {.color = true});
  CHECK(colored.find("\033[32mpass\033[0m") != std::string::npos);
  CHECK(colored.find("\033[31mfail\033[0m") != std::string::npos);
  CHECK(colored.find("\033[1mXMPP_SASL_EXTERNAL_NOT_OFFERED\033[0m") != std::string::npos);
  CHECK(lines_of(colored).back() == "1 passed, 1 failed");  // the summary stays plain
  RunReport skipped = report_of({path("later", PathOutcome::skipped)});
  CHECK(text_of(skipped, {.color = true}).find("\033[33mskipped\033[0m") != std::string::npos);
}
