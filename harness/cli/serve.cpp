#include <fmt/core.h>
#include <openssl/evp.h>
#include <sys/resource.h>

#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdlib>
#include <memory>

#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/duration_option.hpp"
#include "cli/endpoint.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report_outputs.hpp"
#include "cli/scenario_loading.hpp"
#include "pki/certificate_info.hpp"
#include "report/run_report_builder.hpp"
#include "scenario/runner.hpp"
#include "scenario/shard.hpp"
#include "serve/http_server.hpp"
#include "serve/run_scheduler.hpp"
#include "serve/serve_api.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::cli {
namespace {

struct ServeCommandOptions {
  std::vector<std::string> scenarios;
  std::string listen = "127.0.0.1:8080";
  std::string every = "15m";
  std::string state = "fedharness-state";
  std::string token_file;
  size_t keep_runs = 1000;
  size_t keep_days = 90;
  std::string request_timeout = "10s";
  std::string shard;
  std::string jobs;
  std::vector<std::string> deadlines;
  ResolverFlags resolver;
};

// The files a scenario's verdicts follow from: a change to either is a
// change, not flakiness (serve/path_history.hpp).
std::string inputs_digest(const ScenarioReport& scenario) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  for (const std::string& file : {scenario.file, scenario.topology.file}) {
    std::string content;
    try {
      content = read_file(file, InputKind::scenario);
    } catch (const BadInput&) {
      content = "unreadable";  // it ran, so it was there: a change all the same
    }
    EVP_DigestUpdate(context.get(), content.data(), content.size());
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(context.get(), digest.data(), &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

// Every client connection costs a descriptor, and so does every path of a
// run: take the most the system lets this process have (nginx's
// worker_rlimit_nofile does the same), and bound the clients to a quarter.
size_t client_connection_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return 64;
  }
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  ::getrlimit(RLIMIT_NOFILE, &limit);
  constexpr size_t kMostClients = 1024;
  size_t descriptors =
      limit.rlim_cur == RLIM_INFINITY ? kMostClients * 4 : static_cast<size_t>(limit.rlim_cur);
  return std::clamp<size_t>(descriptors / 4, 16, kMostClients);
}

int serve_command(const ServeCommandOptions& options) {
  net::tcp::endpoint listen = parse_listen("--listen", options.listen);
  std::optional<serve::BearerToken> token;
  if (!options.token_file.empty()) {
    token = serve::BearerToken::from_file(options.token_file);
  }
  if (!listen.address().is_loopback() && !token) {
    throw BadInput(fmt::format(
        "--listen {}: not a loopback address; a server others can reach needs --token-file",
        options.listen));
  }
  std::chrono::milliseconds every = parse_duration("--every", options.every);
  serve::HttpLimits limits;
  limits.request_timeout = parse_duration("--request-timeout", options.request_timeout);
  if (limits.request_timeout.count() == 0) {
    throw BadInput("--request-timeout 0: a request needs some time to arrive");
  }
  limits.max_connections = client_connection_limit();
  size_t jobs = parse_jobs(options.jobs);
  std::optional<Shard> shard;
  if (!options.shard.empty()) {
    shard = parse_shard(options.shard);
  }
  std::vector<net::DeadlineOverride> deadlines = parse_deadlines(options.deadlines);
  // Broken scenarios stop the server now, when someone is there to read
  // why; a scenario broken later makes that run an error, and the next
  // run tries again.
  auto warnings = std::make_shared<TopologyWarnings>();
  load_scenarios(options.scenarios, options.resolver, deadlines, *warnings);

  serve::RunJob job = [options, deadlines, jobs, shard,
                       warnings](const serve::ProgressCallback& progress) {
    std::vector<Scenario> scenarios =
        load_scenarios(options.scenarios, options.resolver, deadlines, *warnings);
    if (shard) {
      keep_shard(scenarios, *shard);
    }
    auto started_at = std::chrono::system_clock::now();
    auto started = std::chrono::steady_clock::now();
    auto results =
        run_scenarios(scenarios, {.jobs = jobs, .deadlines = deadlines, .on_path_done = progress});
    std::chrono::duration<double> duration = std::chrono::steady_clock::now() - started;
    RunMetadata metadata{
        fedharness_version(), iso8601_utc(started_at), duration.count(), shard, {}, {}};
    serve::CompletedRun completed{.report = make_run_report(results, std::move(metadata))};
    for (const ScenarioReport& scenario : completed.report.scenarios) {
      completed.inputs[scenario.id] = inputs_digest(scenario);
    }
    return completed;
  };

  serve::RunStore store(options.state);
  if (size_t interrupted = store.mark_interrupted_runs(); interrupted > 0) {
    fmt::print(stderr, "fedharness serve: {} run{} left unfinished by the last process\n",
               interrupted, interrupted == 1 ? "" : "s");
  }
  net::asio::io_context context(1);
  serve::EventHub events(context.get_executor());
  serve::RunScheduler scheduler(
      context, store, events, job, every,
      serve::Retention{.max_runs = options.keep_runs,
                       .max_age = std::chrono::hours(24 * options.keep_days)});
  serve::ServeApi api(store, scheduler, events, std::move(token), every);
  serve::HttpServer server(context, listen, limits, api, events);

  net::asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](const net::error_code& error, int) {
    if (error) {
      return;
    }
    server.stop();
    if (scheduler.running()) {
      // A run cannot be cut short; its record says it did not end, and the
      // process goes without waiting for it.
      store.mark_interrupted_runs();
      fmt::print(stderr, "fedharness serve: stopped; run {} left unfinished\n",
                 *scheduler.running());
      std::fflush(nullptr);
      std::_Exit(0);
    }
    context.stop();
  });

  net::tcp::endpoint bound = server.endpoint();
  std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  fmt::print(stderr, "fedharness serve: listening on http://{}:{}/ (state in {}; runs {})\n", host,
             bound.port(), options.state,
             every.count() == 0 ? std::string("on request only") : "every " + options.every);
  scheduler.begin();
  context.run();
  fmt::print(stderr, "fedharness serve: stopped\n");
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "serve",
      "Run scenarios on a schedule and on request, keep every run, and serve a live dashboard, "
      "the runs' reports, an API and Prometheus metrics over HTTP");
  command->add_option("--scenarios", options->scenarios, "Scenario files or folders")
      ->required()
      ->expected(1, -1);
  command->add_option("--listen", options->listen,
                      "Address to serve HTTP on, IP:PORT (default 127.0.0.1:8080; another than "
                      "loopback needs --token-file)");
  command->add_option("--every", options->every,
                      "Run the scenarios at start and then this often: 30s, 15m, 2h, 1d, or 0 "
                      "for on request only (default 15m)");
  command->add_option("--state", options->state,
                      "Folder of the run history, a SQLite database (default ./fedharness-state)");
  command->add_option("--token-file", options->token_file,
                      "Every request but /healthz must carry Authorization: Bearer <the file's "
                      "first line> (at least 32 characters: openssl rand -hex 32)");
  command->add_option("--keep-runs", options->keep_runs,
                      "Keep this many runs, the oldest deleted first (default 1000; 0: all)");
  command->add_option("--keep-days", options->keep_days,
                      "Delete runs older than this many days (default 90; 0: none)");
  command->add_option("--request-timeout", options->request_timeout,
                      "A client's request must arrive whole within this (default 10s)");
  command->add_option("--shard", options->shard,
                      "Run only shard I of N (I/N), as `run --shard` does: one of N machines "
                      "sharing a large lab, whose documents one serve imports and merges "
                      "(POST /api/runs/import?batch=NAME)");
  add_jobs_option(*command, options->jobs);
  add_deadline_option(*command, options->deadlines);
  add_resolver_options(*command, options->resolver);
  command->callback([options, &exit_code] { exit_code = serve_command(*options); });
}

}  // namespace fedharness::cli
