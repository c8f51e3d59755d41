#pragma once

#include <ostream>

#include "verify/finding_code.hpp"

namespace fedharness {

/// One code as `fedharness explain CODE` prints it: its name and severity,
/// what it means, where it arises, a typical evidence and the fix.
void print_code_explanation(std::ostream& out, const FindingCodeInfo& code);

/// Every code, one line each: name, severity, the first sentence of its meaning.
void print_code_list(std::ostream& out);

/// docs/codes.md: every code's explanation as Markdown, from the same table.
void print_codes_markdown(std::ostream& out);

}  // namespace fedharness
