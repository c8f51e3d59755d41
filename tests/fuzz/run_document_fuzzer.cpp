// `report merge` against any text as its run documents: the reader, the
// merge and every renderer of the merged report. The input holds one
// document, or several separated by NUL bytes (which JSON text cannot hold),
// as the shards of one run. BadInput (the file and the member at fault) is
// how it refuses; anything else escaping is a bug.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "report/run_html.hpp"
#include "report/run_json.hpp"
#include "report/run_json_reader.hpp"
#include "report/run_junit.hpp"
#include "report/run_merge.hpp"
#include "report/run_text.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

std::vector<SourcedRunReport> read_documents(std::string_view input) {
  std::vector<SourcedRunReport> reports;
  for (size_t start = 0; start <= input.size();) {
    size_t end = std::min(input.find('\0', start), input.size());
    std::string source = "shard-" + std::to_string(reports.size()) + ".json";
    reports.push_back({source, parse_run_report(input.substr(start, end - start), source)});
    start = end + 1;
  }
  return reports;
}

void render(const RunReport& report) {
  serialize_run_report(report);
  run_report_to_junit(report);
  run_report_to_html(report);
  std::ostringstream text;
  print_run_text(text, report, {.color = true});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    render(merge_run_reports(read_documents(input), "0.1.0"));
  } catch (const BadInput&) {
  }
  return 0;
}
