// `fedharness serve`'s HTTP front against any bytes a client sends, cut into
// reads anywhere: Beast's parser under the server's header limit, then our
// screen (auth, Host, Origin, routes, methods) and, for GETs, the answer of
// every route over a store holding two runs. Requests that change the store
// (POST) are screened only, so that every input meets the same store.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "report/run_json.hpp"
#include "serve/serve_api.hpp"
#include "test_support.hpp"

using namespace fedharness;
using namespace fedharness::serve;
using namespace std::chrono_literals;

namespace {

RunReport stored_report() {
  RunReport report;
  report.run.fedharness_version = "0.1.0";
  report.run.started_at = "2026-12-05T06:00:00Z";
  ScenarioReport scenario;
  scenario.id = "aol";
  PathReport path;
  path.id = "outbound";
  path.outcome = PathOutcome::fail;
  path.observed = Verdict{false, FindingCode::eku_client_missing, "partner", "handshake", "26"};
  scenario.paths.push_back(path);
  report.scenarios.push_back(scenario);
  return report;
}

struct Server {
  test::TemporaryFolder state;
  RunStore store{state.path()};
  net::asio::io_context context;
  EventHub events{context.get_executor()};
  RunScheduler scheduler{
      context, store, events, [](const ProgressCallback&) { return CompletedRun{}; }, 0ms, {}};
  ServeApi api{store, scheduler, events, std::nullopt, 0ms};

  Server() {
    for (int i = 0; i < 2; ++i) {
      RunReport report = stored_report();
      int64_t id = store.begin_run(RunTrigger::schedule, report.run.started_at);
      store.finish_run(id, report, serialize_run_report(report), {{"aol", "inputs"}});
    }
  }
};

void answer_get(Server& server, const Request& request, size_t body_limit) {
  if (request.method() != http::verb::get || request.body().size() > body_limit) {
    return;
  }
  Reply reply = server.api.answer(request);
  if (auto* response = std::get_if<Response>(&reply)) {
    response->prepare_payload();
    std::ostringstream wire;
    wire << *response;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server server;
  // The read sizes come from the end of the input, so that its start stays
  // the HTTP the seeds begin with.
  FuzzedDataProvider input(data, size);
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(HttpLimits{}.header_bytes));
  parser.body_limit(boost::none);
  std::string pending;
  bool screened = false;
  size_t body_limit = 0;
  boost::beast::error_code error;
  while (input.remaining_bytes() > 0 && !error && !parser.is_done()) {
    pending += input.ConsumeBytesAsString(input.ConsumeIntegralInRange<size_t>(1, 512));
    if (pending.empty()) {
      break;  // Asio makes an empty string a null buffer, which no socket read gives Beast
    }
    size_t used = parser.put(boost::asio::buffer(pending), error);
    pending.erase(0, used);
    if (error == http::error::need_more) {
      error = {};
    }
    if (!error && parser.is_header_done() && !screened) {
      screened = true;
      if (server.api.screen(parser.get().base(), body_limit)) {
        return 0;  // answered from the header alone
      }
      parser.body_limit(body_limit);
    }
  }
  if (!error && parser.is_done()) {
    answer_get(server, parser.get(), body_limit);
  }
  return 0;
}
