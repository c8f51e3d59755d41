// When `fedharness serve` runs (serve/run_scheduler.hpp): one run at once,
// on request and on schedule, a job that throws recorded as an error.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "serve/run_scheduler.hpp"
#include "test_support.hpp"

using namespace fedharness;
using namespace fedharness::serve;
using namespace std::chrono_literals;

namespace {

// Runs the context until `done` says so, or fails the test after a while.
template <typename Done>
void run_until(net::asio::io_context& context, Done done) {
  auto give_up = std::chrono::steady_clock::now() + 20s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) {
      FAIL("the scheduler did not get there in 20 s");
    }
    context.restart();  // run_for does nothing once the context ran out of work
    context.run_for(10ms);
  }
}

CompletedRun empty_run() {
  CompletedRun run;
  run.report.run.fedharness_version = "0.1.0";
  return run;
}

}  // namespace

TEST_CASE("a run asked for while one runs is refused, and the next is taken", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  net::asio::io_context context;
  EventHub events(context.get_executor());
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  RunScheduler scheduler(context, store, events,
                         [released](const ProgressCallback&) {
                           released.wait();
                           return empty_run();
                         },
                         0ms, {});
  std::optional<int64_t> first = scheduler.start(RunTrigger::request);
  REQUIRE(first.has_value());
  CHECK_FALSE(scheduler.start(RunTrigger::request).has_value());
  CHECK(scheduler.running() == first);
  CHECK(store.run(*first)->status == RunStatus::running);
  release.set_value();
  run_until(context, [&] { return !scheduler.running(); });
  CHECK(store.run(*first)->status == RunStatus::passed);
  std::optional<int64_t> second = scheduler.start(RunTrigger::request);
  REQUIRE(second.has_value());
  CHECK(*second == *first + 1);
  run_until(context, [&] { return !scheduler.running(); });
}

TEST_CASE("the schedule runs at once and again after its interval", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  net::asio::io_context context;
  EventHub events(context.get_executor());
  RunScheduler scheduler(context, store, events,
                         [](const ProgressCallback&) { return empty_run(); }, 50ms, {});
  scheduler.begin();
  run_until(context, [&] { return store.run_count() >= 3 && !scheduler.running(); });
  for (const StoredRun& run : store.runs(0, 3)) {
    CHECK(run.trigger == RunTrigger::schedule);
    CHECK(run.status == RunStatus::passed);
  }
}

TEST_CASE("a job that throws makes its run an error with the reason", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  net::asio::io_context context;
  EventHub events(context.get_executor());
  RunScheduler scheduler(context, store, events,
                         [](const ProgressCallback&) -> CompletedRun {
                           throw std::runtime_error("scenarios/x.yaml:3: paths: missing");
                         },
                         0ms, {});
  std::optional<int64_t> id = scheduler.start(RunTrigger::request);
  run_until(context, [&] { return !scheduler.running(); });
  CHECK(store.run(*id)->status == RunStatus::error);
  CHECK(store.run(*id)->error == "scenarios/x.yaml:3: paths: missing");
  CHECK(store.runs_total().at("error") == 1);
}
