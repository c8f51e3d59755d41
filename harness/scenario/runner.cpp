#include "scenario/runner.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <atomic>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <map>
#include <memory>

#include "edge/outcome_board.hpp"
#include "edge/simulated_edge.hpp"
#include "net/tls_context.hpp"
#include "net/worker_pool.hpp"
#include "scenario/environment.hpp"
#include "scenario/prediction.hpp"
#include "sip/acceptor.hpp"
#include "sip/initiator.hpp"
#include "util/bad_input.hpp"

namespace fedharness {

using namespace net;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

const tcp::endpoint kLoopback(asio::ip::make_address("127.0.0.1"), 0);

// Paths in flight per worker thread: enough to overlap one path's waits with
// another's work on loopback.
constexpr size_t kLanesPerWorker = 4;

/// Everything one scenario's paths share while they run.
struct ScenarioRun {
  const Scenario* scenario;
  std::unique_ptr<ScenarioEnvironment> environment;
  std::unique_ptr<OutcomeBoard> board;
  std::unique_ptr<SimulatedEdge> edge;  // null for a real Edge
  tcp::endpoint edge_sip;
  ScenarioResult result;
};

class Runner {
 public:
  Runner(const std::vector<Scenario>& scenarios, const RunOptions& options)
      : options_(options), workers_(options.jobs) {
    for (const auto& scenario : scenarios) {
      runs_.push_back(prepare(scenario));
    }
  }

  std::vector<ScenarioResult> run() {
    for (auto& run : runs_) {
      for (const auto& path : run.scenario->paths) {
        run.result.paths.push_back(PathResult{.spec = &path});
      }
      predict(run);
    }
    for (auto& run : runs_) {
      for (auto& result : run.result.paths) {
        work_.push_back({&run, &result});
      }
    }
    // A few lanes per worker, each taking the next path when its last one is
    // done: paths overlap their waits, but a large run does not open all its
    // connections at once (a listen backlog, and 400 live TLS states that no
    // longer fit in the cache, would slow every handshake).
    size_t lanes = std::min(work_.size(), workers_.size() * kLanesPerWorker);
    lanes_left_ = lanes;
    for (size_t lane = 0; lane < lanes; ++lane) {
      asio::co_spawn(workers_.context(lane % workers_.size()), run_lane(), asio::detached);
    }
    if (lanes == 0) {
      finish();
    }
    workers_.run();
    std::vector<ScenarioResult> results;
    for (auto& run : runs_) {
      results.push_back(std::move(run.result));
    }
    return results;
  }

 private:
  ScenarioRun prepare(const Scenario& scenario) {
    ScenarioRun run{&scenario,
                    std::make_unique<ScenarioEnvironment>(scenario),
                    std::make_unique<OutcomeBoard>(),
                    nullptr,
                    {},
                    {&scenario, {}}};
    if (!scenario.edge.simulated) {
      error_code error;
      auto address = asio::ip::make_address(scenario.edge.host, error);
      if (error) {
        throw BadInput(fmt::format("{}: edge.address.host: '{}' is not an IP address",
                                   scenario.file.string(), scenario.edge.host));
      }
      run.edge_sip = tcp::endpoint(address, scenario.edge.sip_port);
      return run;
    }
    OutcomeBoard* board = run.board.get();
    const TrustStore& trust = run.environment->edge_trust();
    sip::AcceptorConfig config{contexts_.get(TlsRole::server, scenario.edge.policy, trust,
                                             &run.environment->edge_identity()),
                               &trust, &scenario.edge.policy, scenario.topology.sip_domains,
                               options_.deadlines};
    run.edge = std::make_unique<SimulatedEdge>(
        workers_, kLoopback, std::move(config),
        [board](const tcp::endpoint& client, ConnectionOutcome outcome) {
          board->post(client.port(), std::move(outcome));
        });
    run.edge_sip = run.edge->sip_endpoint();
    return run;
  }

  asio::awaitable<void> run_path(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    try {
      if (path.direction == Direction::inbound) {
        co_await inbound(run, result);
      } else if (run.edge) {
        co_await outbound(run, result);
      } else {
        result.outcome = PathOutcome::skipped;
        result.reason =
            "an outbound path needs the simulated Edge to initiate; to test a real "
            "Edge's outbound side, point it at `fedharness edge`";
      }
      if (result.outcome != PathOutcome::skipped) {
        result.observed = observe_path(result.edge_end, result.partner_end);
        judge(result);
      }
    } catch (const std::exception& error) {
      result.outcome = PathOutcome::error;
      result.reason = fmt::format("the harness broke: {}", error.what());
    }
  }

  asio::awaitable<void> run_lane() {
    for (size_t next = next_path_++; next < work_.size(); next = next_path_++) {
      co_await run_path(*work_[next].first, *work_[next].second);
    }
    if (--lanes_left_ == 0) {
      finish();
    }
  }

  // Predictions depend on the direction, the Edge's domain, the partner's
  // certificate and its policy only; paths that share those share one.
  // Done before the paths start, so that they do not compete with them.
  void predict(ScenarioRun& run) {
    if (!run.edge) {
      return;  // a real Edge's certificate is not known before the handshake
    }
    std::map<std::string, Verdict> known;
    for (auto& result : run.result.paths) {
      const PathSpec& path = *result.spec;
      std::string key = fmt::format("{} {} {} {} {}", to_string(path.direction), path.edge_domain,
                                    path.partner, path.policy.source.string(),
                                    fmt::ptr(run.environment->partner_identity(path)));
      auto [prediction, added] = known.try_emplace(key);
      if (added) {
        prediction->second = predict_sip_path(path, run.scenario->edge.policy, *run.environment);
      }
      result.predicted = prediction->second;
    }
  }

  // The partner connects to the Edge and verifies it with the path's policy.
  asio::awaitable<void> inbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    const ScenarioEnvironment& environment = *run.environment;
    sip::InitiatorConfig config{
        run.edge_sip,
        path.partner,
        PeerName::for_domain(path.edge_domain),
        contexts_.get(TlsRole::client, path.policy, environment.partner_trust(),
                      environment.partner_identity(path)),
        &environment.partner_trust(),
        &path.policy,
        options_.deadlines};
    result.partner_end = co_await sip::initiate_options(std::move(config));
    if (run.edge && result.partner_end->local_port != 0) {
      result.edge_end =
          co_await run.board->take(result.partner_end->local_port, options_.deadlines.read);
    }
  }

  // The Edge connects to a partner listening on loopback for this path only.
  asio::awaitable<void> outbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    const Scenario& scenario = *run.scenario;
    const ScenarioEnvironment& environment = *run.environment;
    tcp::acceptor listener(co_await asio::this_coro::executor, kLoopback);
    sip::AcceptorConfig partner{
        contexts_.get(TlsRole::server, path.policy, environment.partner_trust(),
                      environment.partner_identity(path)),
        &environment.partner_trust(),
        &path.policy,
        {path.partner},
        options_.deadlines};
    sip::InitiatorConfig edge{listener.local_endpoint(),
                              path.edge_domain,
                              PeerName::for_domain(path.partner),
                              contexts_.get(TlsRole::client, scenario.edge.policy,
                                            environment.edge_trust(), &environment.edge_identity()),
                              &environment.edge_trust(),
                              &scenario.edge.policy,
                              options_.deadlines};

    auto accept_one = [&]() -> asio::awaitable<std::optional<ConnectionOutcome>> {
      auto [error, socket] = co_await listener.async_accept(nothrow);
      if (error) {
        co_return std::nullopt;  // the Edge never connected; its own end says why
      }
      co_return co_await sip::serve_connection(std::move(socket), std::move(partner));
    };
    auto initiate = [&]() -> asio::awaitable<ConnectionOutcome> {
      ConnectionOutcome outcome = co_await sip::initiate_options(std::move(edge));
      if (outcome.local_port == 0) {
        listener.close();  // nobody is coming: release the acceptor
      }
      co_return outcome;
    };
    auto [partner_end, edge_end] = co_await (accept_one() && initiate());
    result.partner_end = std::move(partner_end);
    result.edge_end = std::move(edge_end);
  }

  // The run is over: no Edge accepts any more, and the workers may stop
  // once the connections still closing are done.
  void finish() {
    for (auto& run : runs_) {
      if (run.edge) {
        run.edge->stop();
      }
    }
    workers_.finish();
  }

  RunOptions options_;
  WorkerPool workers_;
  TlsContextCache contexts_;
  std::vector<ScenarioRun> runs_;
  std::vector<std::pair<ScenarioRun*, PathResult*>> work_;
  std::atomic<size_t> next_path_{0};
  std::atomic<size_t> lanes_left_{0};
};

}  // namespace

std::vector<ScenarioResult> run_scenarios(const std::vector<Scenario>& scenarios,
                                          const RunOptions& options) {
  return Runner(scenarios, options).run();
}

}  // namespace fedharness
