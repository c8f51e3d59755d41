#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "report/code_explanation.hpp"
#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

struct ExplainOptions {
  std::string code;
  bool markdown = false;
};

int explain(const ExplainOptions& options) {
  if (options.markdown) {
    print_codes_markdown(std::cout);
    return 0;
  }
  if (options.code.empty()) {
    print_code_list(std::cout);
    return 0;
  }
  // Codes are upper case; a user may type them as they like.
  std::span<const FindingCodeInfo> codes = finding_catalogue();
  auto code =
      std::ranges::find(codes, lowercase_ascii(options.code),
                        [](const FindingCodeInfo& known) { return lowercase_ascii(known.name); });
  if (code == codes.end()) {
    throw BadInput(
        fmt::format("'{}' is not a finding code; `fedharness explain` lists them", options.code));
  }
  print_code_explanation(std::cout, *code);
  return 0;
}

}  // namespace

void add_explain_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* command = app.add_subcommand(
      "explain",
      "What a finding code means, where it arises, a typical evidence and the fix; without a "
      "code, every code on one line each. Exit 0, or 2 for a code that does not exist.");
  command->add_option("code", options->code, "A finding code, e.g. EKU_CLIENT_MISSING");
  command->add_flag("--markdown", options->markdown,
                    "Print every code as Markdown (docs/codes.md is this output)");
  command->callback([options, &exit_code] { exit_code = explain(*options); });
}

}  // namespace fedharness::cli
