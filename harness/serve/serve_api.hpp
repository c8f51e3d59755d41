#pragma once

#include <memory>
#include <optional>

#include "serve/bearer_token.hpp"
#include "serve/http_server.hpp"
#include "serve/run_scheduler.hpp"
#include "serve/run_store.hpp"

namespace fedharness::serve {

/// The routes of `fedharness serve`:
///   GET  /healthz                         liveness, never behind the token
///   GET  /                                the dashboard
///   GET  /dashboard/main                  the dashboard's <main>, for its live update
///   GET  /api/runs?offset=N&limit=N       runs, newest first
///   POST /api/runs                        start a run now: 202, or 409 while one runs
///   POST /api/runs/import[?batch=NAME]    a run document made elsewhere (`run
///                                         --report-json`): 201 and the new run; a
///                                         shard's waits (202) for its batch's others,
///                                         which are then merged as `report merge` does
///   GET  /api/runs/{id}                   the run's document (fedharness-run/1)
///   GET  /api/runs/{id}/report.html       its HTML report
///   GET  /api/runs/{id}/report.junit.xml  its JUnit XML
///   GET  /api/events                      live progress, Server-Sent Events
///   GET  /api/certificates                the leaf certificates the kept runs saw
///   GET  /metrics                         Prometheus text exposition
/// Run ids are decimal numbers, checked before use: no file is ever named
/// by a request.
class ServeApi : public HttpHandler {
 public:
  ServeApi(RunStore& store, RunScheduler& scheduler, EventHub& events,
           std::optional<BearerToken> token, std::chrono::milliseconds every);

  std::optional<Response> screen(const RequestHeader& header, size_t& body_limit) override;
  Reply answer(const Request& request) override;

 private:
  std::shared_ptr<const RunReport> report(int64_t id);
  Response runs_page(std::string_view query);
  Response start_run();
  Response import_run(const std::string& body, std::string_view query);
  Response run_resource(int64_t id, std::string_view resource);
  Response dashboard(bool whole_page);
  Response metrics();
  Response certificates();

  RunStore& store_;
  RunScheduler& scheduler_;
  EventHub& events_;
  std::optional<BearerToken> token_;
  std::chrono::milliseconds every_;
  // The last report parsed from its document: the newest, which the
  // dashboard and /metrics read on every request.
  int64_t cached_id_ = 0;
  std::shared_ptr<const RunReport> cached_;
};

}  // namespace fedharness::serve
