#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// `text` after `lead` (already printed, e.g. "      evidence: "), broken
/// at spaces so that no line is longer than `width` columns; following
/// lines start with `indent`. A word longer than a line stays whole. With
/// `width` 0 the text is left as it is (not a terminal: a log keeps each
/// line whole for grep). Columns are counted as UTF-8 code points.
std::string wrap_text(std::string_view lead, std::string_view text, size_t width,
                      std::string_view indent);

}  // namespace fedharness
