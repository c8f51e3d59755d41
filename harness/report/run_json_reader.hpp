#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "report/run_report.hpp"

namespace fedharness {

/// Reads a run document (run_json.hpp) back into the model, so that merged
/// shards render as a live run does. Unknown members are ignored (a newer
/// fedharness may add some within the same schema version); the summary and
/// each code's fix are not read but derived again. Throws BadInput, one line
/// naming `source` and the member at fault as a JSON Pointer, for text that
/// is not JSON, a document that is not a fedharness run, another schema
/// version, or a member missing or of the wrong kind.
RunReport parse_run_report(std::string_view text, const std::string& source);

/// The same, from a file.
RunReport load_run_report(const std::filesystem::path& file);

}  // namespace fedharness
