#pragma once

#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// The run as JUnit XML, the form Jenkins and GitLab read: a <testsuite> per
/// scenario, a <testcase> per path (classname the scenario id, name the path
/// id and what it connects). fail and unexpected-pass are <failure> with the
/// code as type, "CODE: evidence" as message and evidence, side, stage and
/// fix as text; error is <error>, skipped <skipped/>; expected-fail passes,
/// its code and evidence in <system-out>.
std::string run_report_to_junit(const RunReport& report);

}  // namespace fedharness
