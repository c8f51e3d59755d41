#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// The run as one JSON document of schema kRunReportSchema, laid out in
/// docs/report-schema.md: run metadata, per scenario its paths with both
/// ends' observations, and the summary. run_json_reader.hpp reads it back.
boost::json::value run_report_to_json(const RunReport& report);

/// The document as text, valid UTF-8 whatever bytes a peer put into the
/// evidence (a hostile SIP reason phrase, an XMPP error text).
std::string serialize_run_report(const RunReport& report);

/// One path's object, as it appears in the document; probe prints it alone.
boost::json::value path_to_json(const PathReport& path);
boost::json::value path_to_json(const PathResult& result);

}  // namespace fedharness
