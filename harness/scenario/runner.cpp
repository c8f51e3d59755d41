#include "scenario/runner.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <atomic>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <map>
#include <memory>

#include "edge/listener.hpp"
#include "edge/outcome_board.hpp"
#include "net/tls_context.hpp"
#include "net/worker_pool.hpp"
#include "scenario/environment.hpp"
#include "scenario/prediction.hpp"
#include "scenario/protocol_ends.hpp"
#include "util/bad_input.hpp"

namespace fedharness {

using namespace net;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

const tcp::endpoint kLoopback(asio::ip::make_address("127.0.0.1"), 0);

// Paths in flight per worker thread: enough to overlap one path's waits with
// another's work on loopback.
constexpr size_t kLanesPerWorker = 4;

/// The Edge's side of one protocol while a scenario runs: where it listens
/// (simulated) or is reached (real), and where the simulated Edge leaves how
/// each inbound connection ended.
struct EdgePort {
  tcp::endpoint endpoint;
  std::unique_ptr<OutcomeBoard> board = std::make_unique<OutcomeBoard>();
  std::unique_ptr<Listener> listener;  // null for a real Edge
};

/// Everything one scenario's paths share while they run.
struct ScenarioRun {
  const Scenario* scenario;
  std::unique_ptr<ScenarioEnvironment> environment;
  std::map<Protocol, EdgePort> ports;
  ScenarioResult result;

  bool simulated() const { return scenario->edge.simulated; }
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
    ScenarioRun run{
        &scenario, std::make_unique<ScenarioEnvironment>(scenario), {}, {&scenario, {}}};
    for (Protocol protocol : {Protocol::sip, Protocol::xmpp}) {
      bool used = std::ranges::any_of(
          scenario.paths, [&](const PathSpec& path) { return path.protocol == protocol; });
      if (used) {
        run.ports.emplace(protocol, open_edge_port(run, protocol));
      }
    }
    return run;
  }

  EdgePort open_edge_port(const ScenarioRun& run, Protocol protocol) {
    const Scenario& scenario = *run.scenario;
    EdgePort port;
    if (!scenario.edge.simulated) {
      error_code error;
      auto address = asio::ip::make_address(scenario.edge.host, error);
      if (error) {
        throw BadInput(fmt::format("{}: edge.address.host: '{}' is not an IP address",
                                   scenario.file.string(), scenario.edge.host));
      }
      port.endpoint = tcp::endpoint(
          address, protocol == Protocol::sip ? scenario.edge.sip_port : scenario.edge.xmpp_port);
      return port;
    }
    PathEnd edge = edge_end(run, protocol);
    const auto& domains =
        protocol == Protocol::sip ? scenario.topology.sip_domains : scenario.topology.xmpp_domains;
    OutcomeBoard* board = port.board.get();
    port.listener = std::make_unique<Listener>(
        workers_, kLoopback,
        [protocol, edge, domains, deadlines = options_.deadlines](tcp::socket socket) {
          return accept(protocol, edge, std::move(socket), domains, deadlines);
        },
        [board](const tcp::endpoint& client, ConnectionOutcome outcome) {
          board->post(client.port(), std::move(outcome));
        });
    port.endpoint = port.listener->endpoint();
    return port;
  }

  // The simulated Edge's end: its certificate, the lab root it trusts for
  // partners and its policy for the protocol, as a TLS server (inbound paths)
  // or client (outbound paths).
  PathEnd edge_end(const ScenarioRun& run, Protocol protocol, TlsRole role = TlsRole::server) {
    const Policy& policy = edge_policy(run.scenario->edge, protocol);
    const TrustStore& trust = run.environment->edge_trust();
    return {contexts_.get(role, policy, trust, &run.environment->edge_identity()), &trust, &policy};
  }

  PathEnd partner_end(const ScenarioRun& run, const PathSpec& path, TlsRole role) {
    const TrustStore& trust = run.environment->partner_trust();
    return {contexts_.get(role, path.policy, trust, run.environment->partner_identity(path)),
            &trust, &path.policy};
  }

  asio::awaitable<void> run_path(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    try {
      if (path.direction == Direction::inbound) {
        co_await inbound(run, result);
      } else if (run.simulated()) {
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
    if (!run.simulated()) {
      return;  // a real Edge's certificate is not known before the handshake
    }
    std::map<std::string, Verdict> known;
    for (auto& result : run.result.paths) {
      const PathSpec& path = *result.spec;
      std::string key =
          fmt::format("{} {} {} {} {} {}", to_string(path.protocol), to_string(path.direction),
                      path.edge_domain, path.partner, path.policy.source.string(),
                      fmt::ptr(run.environment->partner_identity(path)));
      auto [prediction, added] = known.try_emplace(key);
      if (added) {
        prediction->second = predict_path(path, run.scenario->edge, *run.environment);
      }
      result.predicted = prediction->second;
    }
  }

  // The partner connects to the Edge and verifies it with the path's policy.
  asio::awaitable<void> inbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    EdgePort& port = run.ports.at(path.protocol);
    result.partner_end =
        co_await initiate(path.protocol, partner_end(run, path, TlsRole::client), port.endpoint,
                          path.partner, path.edge_domain, options_.deadlines);
    if (port.listener && result.partner_end->local_port != 0) {
      result.edge_end =
          co_await port.board->take(result.partner_end->local_port, options_.deadlines.read);
    }
  }

  // The Edge connects to a partner listening on loopback for this path only.
  asio::awaitable<void> outbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    tcp::acceptor listener(co_await asio::this_coro::executor, kLoopback);
    PathEnd partner = partner_end(run, path, TlsRole::server);
    PathEnd edge = edge_end(run, path.protocol, TlsRole::client);

    auto accept_one = [&]() -> asio::awaitable<std::optional<ConnectionOutcome>> {
      auto [error, socket] = co_await listener.async_accept(nothrow);
      if (error) {
        co_return std::nullopt;  // the Edge never connected; its own end says why
      }
      std::vector<std::string> served{path.partner};
      co_return co_await accept(path.protocol, partner, std::move(socket), std::move(served),
                                options_.deadlines);
    };
    auto connect = [&]() -> asio::awaitable<ConnectionOutcome> {
      ConnectionOutcome outcome =
          co_await initiate(path.protocol, edge, listener.local_endpoint(), path.edge_domain,
                            path.partner, options_.deadlines);
      if (outcome.local_port == 0) {
        listener.close();  // nobody is coming: release the acceptor
      }
      co_return outcome;
    };
    auto [partner_outcome, edge_outcome] = co_await (accept_one() && connect());
    result.partner_end = std::move(partner_outcome);
    result.edge_end = std::move(edge_outcome);
  }

  // The run is over: no Edge accepts any more, and the workers may stop
  // once the connections still closing are done.
  void finish() {
    for (auto& run : runs_) {
      for (auto& [protocol, port] : run.ports) {
        if (port.listener) {
          port.listener->stop();
        }
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
