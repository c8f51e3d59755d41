#pragma once

#include <string>
#include <string_view>

#include "report/run_report.hpp"

namespace fedharness {

/// What one end of a path saw, as an HTML <section class="end">: its verdict
/// (code, which end refused, stage, evidence), the TLS version and cipher,
/// the alerts it sent and received, its verifier's failures with their depth,
/// and the chain it was presented, with the field its own refusal is about
/// marked. `who` names the end in the headings: "the Edge", "the partner".
std::string end_report_html(std::string_view who, const EndReport& end);

}  // namespace fedharness
