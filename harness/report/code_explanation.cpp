#include "report/code_explanation.hpp"

#include <fmt/ostream.h>

#include <algorithm>

#include "topology/dns_name.hpp"

namespace fedharness {
namespace {

// "The certificate is self-signed; ..." up to its first full stop.
std::string_view first_sentence(std::string_view text) {
  size_t end = text.find(". ");
  return end == std::string_view::npos ? text : text.substr(0, end + 1);
}

}  // namespace

void print_code_explanation(std::ostream& out, const FindingCodeInfo& code) {
  fmt::print(out, "{} ({})\n\n", code.name, to_string(code.severity));
  fmt::print(out, "What it means:\n  {}\n\n", code.meaning);
  fmt::print(out, "Where it arises:\n  {}\n\n", code.arises);
  fmt::print(out, "Typical evidence:\n  {}\n\n", code.example);
  fmt::print(out, "Fix:\n  {}\n", code.fix);
}

void print_code_list(std::ostream& out) {
  size_t width = 0;
  for (const FindingCodeInfo& code : finding_catalogue()) {
    width = std::max(width, code.name.size());
  }
  for (const FindingCodeInfo& code : finding_catalogue()) {
    fmt::print(out, "{:<{}}  {:<7}  {}\n", code.name, width, to_string(code.severity),
               first_sentence(code.meaning));
  }
}

void print_codes_markdown(std::ostream& out) {
  fmt::print(out,
             "# Finding codes\n\n"
             "Every verdict of fedharness names one of these codes. This file is what\n"
             "`fedharness explain --markdown` prints, from the one table of codes\n"
             "(`harness/verify/finding_code.cpp`); a test keeps the two equal. `fedharness\n"
             "explain CODE` prints one of them.\n\n");
  for (const FindingCodeInfo& code : finding_catalogue()) {
    fmt::print(out, "- [`{}`](#{}) ({}): {}\n", code.name, lowercase_ascii(code.name),
               to_string(code.severity), first_sentence(code.meaning));
  }
  for (const FindingCodeInfo& code : finding_catalogue()) {
    fmt::print(out,
               "\n## {}\n\n"
               "Severity: {}.\n\n"
               "{}\n\n"
               "- **Where it arises:** {}\n"
               "- **Typical evidence:** `{}`\n"
               "- **Fix:** {}\n",
               code.name, to_string(code.severity), code.meaning, code.arises, code.example,
               code.fix);
  }
}

}  // namespace fedharness
