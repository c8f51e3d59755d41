// Budgets per stage: parsed from the command line, and a stage's deadline
// fixed when it begins, whatever the peer sends.
#include "net/stage_clock.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "util/bad_input.hpp"

using namespace fedharness;
using namespace fedharness::net;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

TEST_CASE("one --deadline STAGE=SECONDS sets one budget", "[deadlines]") {
  DeadlineOverride tls = parse_deadline_override("tls=0.25");
  CHECK(tls.budget == Budget::tls);
  CHECK(tls.value == 250ms);
  CHECK(parse_deadline_override("path=60").value == 60s);
  auto error_of = [](std::string_view text) -> std::string {
    try {
      parse_deadline_override(text);
    } catch (const BadInput& error) {
      return error.what();
    }
    return "no error";
  };
  CHECK(error_of("tls") == "--deadline tls: expected STAGE=SECONDS");
  CHECK(error_of("ping=2") ==
        "--deadline ping=2: no stage 'ping' (the stages: connect, tls, stream, starttls, auth, "
        "answer, request, dns, path)");
  CHECK(error_of("tls=0") ==
        "--deadline tls=0: '0' is not a number of seconds from 0.001 to 86400");
  CHECK(error_of("tls=1e9") ==
        "--deadline tls=1e9: '1e9' is not a number of seconds from 0.001 to 86400");
  CHECK(error_of("tls=nan") ==
        "--deadline tls=nan: 'nan' is not a number of seconds from 0.001 to 86400");
}

TEST_CASE("every budget has a name and a default, the path's longest", "[deadlines]") {
  Deadlines defaults;
  for (size_t i = 0; i < kBudgetCount; ++i) {
    auto budget = static_cast<Budget>(i);
    CHECK(budget_named(budget_name(budget)) == budget);
    CHECK(defaults.of(budget) <= defaults.of(Budget::path));
  }
  Deadlines changed =
      defaults.with(std::vector<DeadlineOverride>{{Budget::answer, 1s}, {Budget::answer, 2s}});
  CHECK(changed.of(Budget::answer) == 2s);  // the last one given wins
  CHECK(describe_duration(250ms) == "250 ms");
  CHECK(describe_duration(5s) == "5 s");
  CHECK(describe_duration(1500ms) == "1.5 s");
}

TEST_CASE("a stage's deadline is fixed when it begins and capped by the path's", "[deadlines]") {
  Deadlines deadlines =
      Deadlines().with(std::vector<DeadlineOverride>{{Budget::answer, 10s}, {Budget::path, 3s}});
  StageClock clock(deadlines);
  clock.begin("sip response", Budget::answer);
  StageClock::Clock::time_point deadline = clock.deadline();
  CHECK(clock.remaining() <= 3s);  // the path ends first
  clock.received_bytes(100);
  clock.received("provisional response", "provisional responses");
  CHECK(clock.deadline() == deadline);  // traffic moves nothing
  CHECK(clock.timeout_evidence("no final response") ==
        "no final response within the path budget of 3 s (stage sip response): the peer sent 1 "
        "provisional response in 100 bytes meanwhile");

  StageClock roomy{Deadlines()};
  roomy.begin("handshake", Budget::tls);
  CHECK(roomy.timeout_evidence("no end of the handshake stage") ==
        "no end of the handshake stage within the tls budget of 5 s (stage handshake): the peer "
        "sent nothing meanwhile");
}
