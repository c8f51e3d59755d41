#include "serve/run_scheduler.hpp"

#include <fmt/core.h>

#include <boost/asio/post.hpp>
#include <boost/json/value.hpp>

#include "pki/certificate_info.hpp"
#include "report/json_text.hpp"
#include "report/run_json.hpp"

namespace fedharness::serve {

using namespace net;

RunScheduler::RunScheduler(asio::io_context& context, RunStore& store, EventHub& events, RunJob job,
                           std::chrono::milliseconds every, Retention retention)
    : context_(context),
      store_(store),
      events_(events),
      job_(std::move(job)),
      every_(every),
      retention_(retention),
      timer_(context) {}

RunScheduler::~RunScheduler() {
  if (worker_.joinable()) {
    worker_.join();
  }
}

void RunScheduler::begin() {
  if (every_.count() > 0) {
    start(RunTrigger::schedule);
  }
}

std::optional<int64_t> RunScheduler::start(RunTrigger trigger) {
  if (running_) {
    return std::nullopt;
  }
  if (worker_.joinable()) {
    worker_.join();  // the last run's thread, which has ended or is about to
  }
  std::string started_at = iso8601_utc(std::chrono::system_clock::now());
  int64_t id = store_.begin_run(trigger, started_at);
  running_ = id;
  last_start_ = std::chrono::steady_clock::now();
  boost::json::value started = {
      {"id", id}, {"trigger", to_string(trigger)}, {"started_at", started_at}};
  events_.publish("run-started", to_json_text(started));
  fmt::print(stderr, "fedharness serve: {} run {} started ({})\n", started_at, id,
             to_string(trigger));
  worker_ = std::thread([this, id, started_at] { execute(id, started_at); });
  return id;
}

// On the run's thread.
void RunScheduler::execute(int64_t id, std::string started_at) {
  auto progress = [this, id](size_t done, size_t total, std::string_view path) {
    boost::json::value event = {{"id", id}, {"done", done}, {"total", total}, {"path", path}};
    events_.publish("progress", to_json_text(event));
  };
  try {
    CompletedRun completed = job_(progress);
    completed.report.run.started_at = started_at;
    store_.finish_run(id, completed.report, serialize_run_report(completed.report),
                      completed.inputs);
  } catch (const std::exception& error) {
    store_.fail_run(id, iso8601_utc(std::chrono::system_clock::now()), error.what());
  }
  store_.apply_retention(retention_, std::chrono::system_clock::now());
  asio::post(context_, [this, id] { ended(id); });
}

void RunScheduler::ended(int64_t id) {
  running_.reset();
  std::optional<StoredRun> run = store_.run(id);
  boost::json::value event = {{"id", id},
                              {"status", run ? to_string(run->status) : "error"},
                              {"paths_met", run ? run->paths_met : 0},
                              {"paths_total", run ? run->paths_total : 0}};
  events_.publish("run-finished", to_json_text(event));
  std::string now = iso8601_utc(std::chrono::system_clock::now());
  if (run && run->status == RunStatus::error) {
    fmt::print(stderr, "fedharness serve: {} run {} could not run: {}\n", now, id, run->error);
  } else if (run) {
    fmt::print(stderr, "fedharness serve: {} run {} {}: {} of {} paths met their expectation\n",
               now, id, to_string(run->status), run->paths_met, run->paths_total);
  }
  schedule_next();
}

void RunScheduler::schedule_next() {
  if (every_.count() == 0) {
    return;
  }
  timer_.expires_at(last_start_ + every_);
  timer_.async_wait([this](const error_code& error) {
    if (!error) {
      // A run asked for meanwhile is running: the schedule waits for its end.
      start(RunTrigger::schedule);
    }
  });
}

}  // namespace fedharness::serve
