#include "serve/serve_api.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>

#include "pki/certificate_info.hpp"
#include "report/json_text.hpp"
#include "report/run_html.hpp"
#include "report/run_json.hpp"
#include "report/run_json_reader.hpp"
#include "report/run_junit.hpp"
#include "report/run_merge.hpp"
#include "serve/dashboard_html.hpp"
#include "serve/metrics.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::serve {
namespace {

constexpr size_t kDefaultPage = 20;
constexpr size_t kMaxPage = 100;

struct Target {
  std::string_view path;
  std::string_view query;
};

Target split_target(std::string_view target) {
  size_t mark = target.find('?');
  if (mark == std::string_view::npos) {
    return {target, {}};
  }
  return {target.substr(0, mark), target.substr(mark + 1)};
}

// A decimal number without sign or leading zero, as run ids and paging are
// written; anything else is not a number of ours.
std::optional<int64_t> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 18 || (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// The value of `name` in a query string; "" when absent.
std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    size_t equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      return equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    }
    if (end == std::string_view::npos) {
      break;
    }
    query.remove_prefix(end + 1);
  }
  return std::nullopt;
}

Response json_response(http::status status, const boost::json::value& body) {
  return make_response(status, to_json_text(body) + "\n", "application/json");
}

boost::json::object run_to_json(const StoredRun& run) {
  boost::json::object object = {
      {"id", run.id},
      {"trigger", to_string(run.trigger)},
      {"status", to_string(run.status)},
      {"started_at", run.started_at},
      {"finished_at",
       run.finished_at.empty() ? boost::json::value(nullptr) : boost::json::value(run.finished_at)},
      {"duration_seconds", run.duration_seconds},
      {"paths_met", run.paths_met},
      {"paths_total", run.paths_total}};
  if (!run.error.empty()) {
    object["error"] = run.error;
  }
  if (run.status == RunStatus::passed || run.status == RunStatus::failed) {
    object["links"] = {{"document", fmt::format("/api/runs/{}", run.id)},
                       {"report_html", fmt::format("/api/runs/{}/report.html", run.id)},
                       {"report_junit", fmt::format("/api/runs/{}/report.junit.xml", run.id)}};
  }
  return object;
}

Response not_found(std::string_view path) {
  return error_response(http::status::not_found, fmt::format("no resource {}", path));
}

Response method_not_allowed(std::string_view allowed) {
  Response response =
      error_response(http::status::method_not_allowed, fmt::format("use {}", allowed));
  response.set(http::field::allow, allowed);
  return response;
}

// Which methods each path takes; empty for a path that does not exist.
std::string_view allowed_methods(std::string_view path) {
  if (path == "/api/runs") {
    return "GET, POST";
  }
  if (path == "/api/runs/import") {
    return "POST";
  }
  if (path == "/" || path == "/healthz" || path == "/dashboard/main" || path == "/metrics" ||
      path == "/api/events" || path == "/api/certificates" || path.starts_with("/api/runs/")) {
    return "GET";
  }
  return "";
}

// A batch's name as an importer gives it: a CI pipeline's or a Job's id.
bool is_batch_name(std::string_view name) {
  constexpr size_t kLongest = 64;
  return !name.empty() && name.size() <= kLongest && std::ranges::all_of(name, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  });
}

bool allows(std::string_view allowed, std::string_view method) {
  while (!allowed.empty()) {
    size_t comma = allowed.find(", ");
    if (allowed.substr(0, comma) == method) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    allowed.remove_prefix(comma + 2);
  }
  return false;
}

// A Host header (RFC 9110 §7.2) naming this machine's loopback: localhost,
// 127.0.0.0/8 or [::1], with or without a port.
bool is_loopback_host(std::string_view host) {
  std::string_view name = host;
  if (name.starts_with('[')) {
    name = name.substr(1, name.find(']') == std::string_view::npos ? 0 : name.find(']') - 1);
  } else if (size_t colon = name.rfind(':'); colon != std::string_view::npos) {
    name = name.substr(0, colon);
  }
  if (name == "localhost") {
    return true;
  }
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(name, error);
  return !error && address.is_loopback();
}

}  // namespace

ServeApi::ServeApi(RunStore& store, RunScheduler& scheduler, EventHub& events,
                   std::optional<BearerToken> token, std::chrono::milliseconds every)
    : store_(store),
      scheduler_(scheduler),
      events_(events),
      token_(std::move(token)),
      every_(every) {}

std::optional<Response> ServeApi::screen(const RequestHeader& header, size_t& body_limit) {
  body_limit = 0;  // no route of ours takes a body
  Target target = split_target(header.target());
  if (target.path == "/healthz") {
    return std::nullopt;
  }
  // Without a token the server is on loopback, and only names of loopback
  // reach it: a DNS name of a page elsewhere rebound to 127.0.0.1 does not.
  if (!token_ && !is_loopback_host(header[http::field::host])) {
    return error_response(http::status::misdirected_request,
                          "without --token-file this server answers loopback names only");
  }
  if (token_ && !token_->admits(header[http::field::authorization])) {
    Response response =
        error_response(http::status::unauthorized, "this server wants Authorization: Bearer");
    response.set(http::field::www_authenticate, "Bearer realm=\"fedharness\"");
    return response;
  }
  std::string_view allowed = allowed_methods(target.path);
  if (allowed.empty()) {
    return not_found(target.path);
  }
  if (!allows(allowed, header.method_string())) {
    return method_not_allowed(allowed);
  }
  if (target.path == "/api/runs/import") {
    body_limit = size_limit(InputKind::run_document);
  }
  // A page elsewhere may make a browser POST here (a simple request needs no
  // preflight): a request from a browser says where it comes from, and only
  // our own dashboard may start a run (RFC 6454 §7.3).
  std::string_view origin = header[http::field::origin];
  if (header.method() == http::verb::post && !origin.empty() &&
      origin != fmt::format("http://{}", std::string_view(header[http::field::host]))) {
    return error_response(http::status::forbidden,
                          fmt::format("a request from {} may not start a run", origin));
  }
  return std::nullopt;
}

Reply ServeApi::answer(const Request& request) {
  Target target = split_target(request.target());
  if (target.path == "/healthz") {
    return make_response(http::status::ok, "ok\n", "text/plain; charset=utf-8");
  }
  if (target.path == "/") {
    return dashboard(true);
  }
  if (target.path == "/dashboard/main") {
    return dashboard(false);
  }
  if (target.path == "/metrics") {
    return metrics();
  }
  if (target.path == "/api/events") {
    return EventStream{};
  }
  if (target.path == "/api/certificates") {
    return certificates();
  }
  if (target.path == "/api/runs") {
    return request.method() == http::verb::post ? start_run() : runs_page(target.query);
  }
  if (target.path == "/api/runs/import") {
    return import_run(request.body(), target.query);
  }
  std::string_view rest = target.path.substr(std::string_view("/api/runs/").size());
  size_t slash = rest.find('/');
  std::optional<int64_t> id = parse_number(rest.substr(0, slash));
  if (!id) {
    return not_found(target.path);
  }
  return run_resource(*id, slash == std::string_view::npos ? "" : rest.substr(slash + 1));
}

std::shared_ptr<const RunReport> ServeApi::report(int64_t id) {
  if (id == cached_id_ && cached_) {
    return cached_;
  }
  std::optional<std::string> document = store_.document(id);
  if (!document) {
    return nullptr;
  }
  auto parsed =
      std::make_shared<const RunReport>(parse_run_report(*document, fmt::format("run {}", id)));
  cached_id_ = id;
  cached_ = parsed;
  return parsed;
}

Response ServeApi::runs_page(std::string_view query) {
  size_t offset = 0;
  size_t limit = kDefaultPage;
  for (auto [name, value, maximum] :
       {std::tuple{"offset", &offset, size_t{1} << 40}, std::tuple{"limit", &limit, kMaxPage}}) {
    if (auto text = query_value(query, name)) {
      std::optional<int64_t> number = parse_number(*text);
      if (!number || *number > static_cast<int64_t>(maximum) || (*number == 0 && value == &limit)) {
        return error_response(http::status::bad_request,
                              fmt::format("{}: a whole number from {} to {}", name,
                                          value == &limit ? 1 : 0, maximum));
      }
      *value = static_cast<size_t>(*number);
    }
  }
  boost::json::array runs;
  for (const StoredRun& run : store_.runs(offset, limit)) {
    runs.push_back(run_to_json(run));
  }
  size_t total = store_.run_count();
  boost::json::value next = nullptr;
  if (offset + limit < total) {
    next = fmt::format("/api/runs?offset={}&limit={}", offset + limit, limit);
  }
  return json_response(http::status::ok, {{"runs", std::move(runs)},
                                          {"total", total},
                                          {"offset", offset},
                                          {"limit", limit},
                                          {"next", next}});
}

Response ServeApi::start_run() {
  std::optional<int64_t> id = scheduler_.start(RunTrigger::request);
  if (!id) {
    Response response = json_response(
        http::status::conflict, {{"error", "a run is in progress; ask again when it has ended"},
                                 {"running", *scheduler_.running()}});
    return response;
  }
  std::string location = fmt::format("/api/runs/{}", *id);
  Response response = json_response(http::status::accepted, {{"id", *id}, {"location", location}});
  response.set(http::field::location, location);
  return response;
}

Response ServeApi::import_run(const std::string& body, std::string_view query) {
  RunReport report;
  try {
    report = parse_run_report(body, "the request's body");
  } catch (const BadInput& error) {
    return error_response(http::status::unprocessable_entity, error.what());
  }
  std::string now = iso8601_utc(std::chrono::system_clock::now());
  if (report.run.shard) {
    std::string_view batch = query_value(query, "batch").value_or("");
    if (!is_batch_name(batch)) {
      return error_response(
          http::status::bad_request,
          "a shard's document needs ?batch=NAME (letters, digits, . _ -; up to 64), the same for "
          "every shard of one run, such as the CI pipeline's id");
    }
    size_t received = 0;
    try {
      received = store_.add_pending_shard(batch, *report.run.shard, body, now);
    } catch (const ShardConflict& conflict) {
      return error_response(http::status::conflict, conflict.what());
    }
    if (received < report.run.shard->count) {
      return json_response(
          http::status::accepted,
          {{"batch", batch}, {"received", received}, {"of", report.run.shard->count}});
    }
    std::vector<SourcedRunReport> shards;
    for (const std::string& document : store_.take_pending_shards(batch)) {
      RunReport shard = parse_run_report(document, "a stored shard");
      std::string source = fmt::format("batch {} shard {}/{}", batch, shard.run.shard->index,
                                       shard.run.shard->count);
      shards.push_back({std::move(source), std::move(shard)});
    }
    try {
      report = merge_run_reports(std::move(shards), report.run.fedharness_version);
    } catch (const BadInput& error) {
      return error_response(http::status::unprocessable_entity, error.what());
    }
  }
  int64_t id = store_.begin_run(RunTrigger::import, report.run.started_at);
  // Its files are on another machine: every import is inputs of its own,
  // which no other run's verdict can make flaky.
  std::map<std::string, std::string> inputs;
  for (const ScenarioReport& scenario : report.scenarios) {
    inputs[scenario.id] = fmt::format("imported as run {}", id);
  }
  store_.finish_run(id, report, serialize_run_report(report), inputs);
  std::optional<StoredRun> run = store_.run(id);
  events_.publish("run-finished", to_json_text({{"id", id},
                                                {"status", to_string(run->status)},
                                                {"paths_met", run->paths_met},
                                                {"paths_total", run->paths_total}}));
  std::string location = fmt::format("/api/runs/{}", id);
  Response response = json_response(http::status::created, {{"id", id}, {"location", location}});
  response.set(http::field::location, location);
  return response;
}

Response ServeApi::run_resource(int64_t id, std::string_view resource) {
  std::optional<StoredRun> run = store_.run(id);
  if (!run) {
    return error_response(http::status::not_found, fmt::format("no run {}", id));
  }
  if (resource != "" && resource != "report.html" && resource != "report.junit.xml") {
    return not_found(fmt::format("/api/runs/{}/{}", id, resource));
  }
  std::shared_ptr<const RunReport> found = report(id);
  if (!found) {
    return json_response(
        http::status::not_found,
        {{"error", fmt::format("run {} has no report: it is {}", id, to_string(run->status))},
         {"run", run_to_json(*run)}});
  }
  if (resource == "report.html") {
    Response response =
        make_response(http::status::ok, run_report_to_html(*found), "text/html; charset=utf-8");
    // The report's own policy (a <meta> in it) allows its inline style only.
    response.set("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return response;
  }
  if (resource == "report.junit.xml") {
    return make_response(http::status::ok, run_report_to_junit(*found),
                         "application/xml; charset=utf-8");
  }
  return make_response(http::status::ok, *store_.document(id) + "\n", "application/json");
}

Response ServeApi::dashboard(bool whole_page) {
  std::optional<int64_t> latest_id = store_.latest_reported_run();
  std::shared_ptr<const RunReport> latest = latest_id ? report(*latest_id) : nullptr;
  DashboardView view{.latest = latest.get(),
                     .latest_id = latest_id.value_or(0),
                     .runs = store_.runs(0, kDefaultPage),
                     .verdicts = store_.recent_verdicts(kDefaultPage),
                     .certificates = store_.certificates(),
                     .running = scheduler_.running(),
                     .every = every_,
                     .now = std::chrono::system_clock::now()};
  if (!whole_page) {
    return make_response(http::status::ok, dashboard_main(view), "text/html; charset=utf-8");
  }
  Response response =
      make_response(http::status::ok, dashboard_page(view), "text/html; charset=utf-8");
  response.set("Content-Security-Policy", dashboard_content_security_policy());
  return response;
}

Response ServeApi::certificates() {
  boost::json::array seen;
  for (const SeenCertificate& certificate : store_.certificates()) {
    seen.push_back({{"sha1", certificate.sha1},
                    {"role", certificate.role},
                    {"subject", certificate.subject},
                    {"not_after", certificate.not_after},
                    {"first_run", certificate.first_run},
                    {"last_run", certificate.last_run}});
  }
  return json_response(http::status::ok, {{"certificates", std::move(seen)}});
}

Response ServeApi::metrics() {
  std::optional<int64_t> latest_id = store_.latest_reported_run();
  std::shared_ptr<const RunReport> latest = latest_id ? report(*latest_id) : nullptr;
  return make_response(http::status::ok,
                       render_metrics({.latest = latest.get(),
                                       .runs_total = store_.runs_total(),
                                       .running = scheduler_.running().has_value()}),
                       "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace fedharness::serve
