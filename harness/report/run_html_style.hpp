#pragma once

#include <string_view>

namespace fedharness {

/// The HTML report's style sheet, inlined in its <style>: outcomes coloured
/// as the terminal does (met green, not met red, skipped yellow), offending
/// certificate fields marked, readable in print.
std::string_view run_html_style();

}  // namespace fedharness
