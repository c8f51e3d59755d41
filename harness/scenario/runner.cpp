#include "scenario/runner.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <atomic>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <map>
#include <memory>

#include "edge/listener.hpp"
#include "edge/outcome_board.hpp"
#include "net/tls_context.hpp"
#include "net/worker_pool.hpp"
#include "scenario/dialback_parties.hpp"
#include "scenario/edge_pool.hpp"
#include "scenario/edge_service.hpp"
#include "scenario/environment.hpp"
#include "scenario/message_path.hpp"
#include "scenario/path_transcript.hpp"
#include "scenario/prediction.hpp"
#include "scenario/protocol_ends.hpp"

namespace fedharness {

using namespace net;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

const tcp::endpoint kLoopback(asio::ip::make_address("127.0.0.1"), 0);

// Paths in flight per worker thread: enough to overlap one path's waits with
// another's work on loopback.
constexpr size_t kLanesPerWorker = 4;

/// The Edge's side of one service while a scenario runs: where it listens
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
  Deadlines deadlines;  // the defaults, then the scenario's, then the command line's
  std::unique_ptr<ScenarioEnvironment> environment;
  std::map<EdgeService, EdgePort> ports;
  std::unique_ptr<DialbackParties> dialback;  // null without XMPP paths
  std::unique_ptr<Mailbox> mailbox = std::make_unique<Mailbox>();
  // Ping answers a real partner server sends over its own stream to the Edge.
  std::unique_ptr<xmpp::IqAnswers> answers = std::make_unique<xmpp::IqAnswers>();
  ScenarioResult result;

  bool simulated() const { return scenario->edge.simulated; }
};

class Runner {
 public:
  Runner(const std::vector<Scenario>& scenarios, const RunOptions& options)
      : options_(options), workers_(options.jobs), contexts_(options.key_log, options.at) {
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
      check_pool_consistency(run.result.paths);
      results.push_back(std::move(run.result));
    }
    return results;
  }

 private:
  ScenarioRun prepare(const Scenario& scenario) {
    if (options_.transcripts) {
      options_.transcripts->prepare(scenario.id);
    }
    ScenarioRun run{
        .scenario = &scenario,
        .deadlines = Deadlines().with(scenario.deadlines).with(options_.deadlines),
        .environment = std::make_unique<ScenarioEnvironment>(
            scenario, options_.at.value_or(std::chrono::system_clock::now())),
        .result = {&scenario, {}},
    };
    auto uses = [&scenario](auto&& wanted) { return std::ranges::any_of(scenario.paths, wanted); };
    if (uses([](const PathSpec& path) { return path.protocol == Protocol::sip; })) {
      run.ports.emplace(EdgeService::sip, open_edge_port(run, EdgeService::sip));
    }
    // Any XMPP path opens the STARTTLS port: it is also where the Edge
    // answers as its domains' authoritative server for dialback.
    if (uses([](const PathSpec& path) { return path.protocol == Protocol::xmpp; })) {
      prepare_dialback(run);
      run.ports.emplace(EdgeService::xmpp, open_edge_port(run, EdgeService::xmpp));
      run.dialback->edge_xmpp = run.ports.at(EdgeService::xmpp).endpoint;
    }
    if (uses([](const PathSpec& path) {
          return service_of(path) == EdgeService::xmpp_direct_tls;
        })) {
      run.ports.emplace(EdgeService::xmpp_direct_tls,
                        open_edge_port(run, EdgeService::xmpp_direct_tls));
    }
    return run;
  }

  // Keys for both sides and, when a partner may use dialback, the partners'
  // authoritative server. Each side's verification connections present its
  // certificate, as a server's would; the partners' is that of the first
  // partner that does dialback.
  void prepare_dialback(ScenarioRun& run) {
    auto parties = std::make_unique<DialbackParties>();
    const DialbackParties* lookup = parties.get();
    const Scenario& scenario = *run.scenario;
    const TrustStore& edge_trust = run.environment->edge_trust();
    parties->edge = {
        std::make_shared<xmpp::DialbackSecret>(),
        [lookup](std::string_view domain) { return lookup->partner_authority_of(domain); },
        contexts_.get(TlsRole::client, edge_policy(scenario.edge, Protocol::xmpp), edge_trust,
                      &run.environment->edge_identity()),
        &edge_trust};
    parties->partners = {std::make_shared<xmpp::DialbackSecret>(),
                         [lookup, &topology = scenario.topology](std::string_view domain) {
                           return lookup->edge_authority_of(topology, domain);
                         },
                         nullptr, &run.environment->partner_trust()};
    const PathSpec* first = nullptr;
    for (const auto& path : scenario.paths) {
      if (path.protocol == Protocol::xmpp && path.policy.xmpp.dialback) {
        first = first != nullptr ? first : &path;
        parties->partner_domains.push_back(path.partner);
      }
    }
    run.dialback = std::move(parties);
    if (first == nullptr) {
      return;  // no partner does dialback: nobody asks the partners anything
    }
    run.dialback->partners.verify_tls = partner_end(run, *first, TlsRole::client).tls;
    PathEnd authority = partner_end(run, *first, TlsRole::server);
    authority.transcribe = false;  // its connections belong to no path's transcript
    run.dialback->partner_authority = std::make_unique<Listener>(
        workers_, kLoopback,
        [authority, domains = run.dialback->partner_domains,
         deadlines = run.deadlines](tcp::socket socket) {
          return accept(Protocol::xmpp, authority, std::move(socket), domains, deadlines);
        },
        [](const tcp::endpoint&, const ConnectionOutcome&) {
          // Verification connections belong to the path that made them.
        });
  }

  EdgePort open_edge_port(const ScenarioRun& run, EdgeService service) {
    const Scenario& scenario = *run.scenario;
    Protocol protocol = protocol_of(service);
    EdgePort port;
    if (!scenario.edge.simulated) {
      return port;  // each path goes to its own EdgeTarget
    }
    PathEnd edge = edge_end(run, protocol);
    edge.direct_tls = service == EdgeService::xmpp_direct_tls;
    if (protocol == Protocol::xmpp) {
      edge.on_message = [mailbox = run.mailbox.get()](xmpp::DeliveredMessage message) {
        std::string body = message.body;  // the key; `message` is moved into the value
        mailbox->post(body, std::move(message));
      };
    }
    const auto& domains =
        protocol == Protocol::sip ? scenario.topology.sip_domains : scenario.topology.xmpp_domains;
    OutcomeBoard* board = port.board.get();
    port.listener = std::make_unique<Listener>(
        workers_, listen_endpoint(scenario, service),
        [protocol, edge, domains, deadlines = run.deadlines](tcp::socket socket) {
          return accept(protocol, edge, std::move(socket), domains, deadlines);
        },
        [board](const tcp::endpoint& client, ConnectionOutcome outcome) {
          if (outcome.for_path) {
            board->post(client.port(), std::move(outcome));
          }
        });
    port.endpoint = port.listener->endpoint();
    return port;
  }

  // Where the simulated Edge listens for `service`: a free loopback port
  // unless the scenario fixes the address (an IP address, checked by the
  // loader).
  static tcp::endpoint listen_endpoint(const Scenario& scenario, EdgeService service) {
    const ListenAddress& listen = scenario.edge.listen;
    return {asio::ip::make_address(listen.host), port_of(service, listen)};
  }

  // The simulated Edge's end: its certificate, the lab root it trusts for
  // partners and its policy for the protocol, as a TLS server (inbound paths)
  // or client (outbound paths).
  PathEnd edge_end(const ScenarioRun& run, Protocol protocol, TlsRole role = TlsRole::server) {
    const Policy& policy = edge_policy(run.scenario->edge, protocol);
    const TrustStore& trust = run.environment->edge_trust();
    bool xmpp = protocol == Protocol::xmpp;
    return {.tls = contexts_.get(role, policy, trust, &run.environment->edge_identity()),
            .trust = &trust,
            .policy = &policy,
            .dialback = xmpp ? &run.dialback->edge : nullptr,
            .answers = xmpp ? run.answers.get() : nullptr,
            .transcribe = options_.transcripts != nullptr};
  }

  PathEnd partner_end(const ScenarioRun& run, const PathSpec& path, TlsRole role) {
    const TrustStore& trust = run.environment->partner_trust();
    return {.tls = contexts_.get(role, path.policy, trust, run.environment->partner_identity(path)),
            .trust = &trust,
            .policy = &path.policy,
            .dialback = path.protocol == Protocol::xmpp ? &run.dialback->partners : nullptr,
            .direct_tls = path.transport == XmppTransport::direct_tls,
            .transcribe = options_.transcripts != nullptr};
  }

  // The Edge initiating a path, with the path's transport.
  PathEnd edge_initiator(const ScenarioRun& run, const PathSpec& path) {
    PathEnd edge = edge_end(run, path.protocol, TlsRole::client);
    edge.direct_tls = path.transport == XmppTransport::direct_tls;
    return edge;
  }

  asio::awaitable<void> run_path(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    if (path.dns_fault) {
      // As a partner's would, the path ends before any connection.
      result.observed = {false, path.dns_fault->code, "remote", "dns", path.dns_fault->evidence};
      judge(result);
      co_return;
    }
    try {
      if (path.kind == PathKind::message) {
        MessageRoute route{edge_initiator(run, path), partner_server_endpoint(path),
                           run.mailbox.get(), run.deadlines};
        co_await run_message_path(route, result);
      } else if (path.direction == Direction::inbound) {
        co_await inbound(run, result);
      } else if (run.simulated()) {
        co_await outbound(run, result);
      } else {
        result.outcome = PathOutcome::skipped;
        result.reason =
            "an outbound path needs the simulated Edge to initiate; to test a real "
            "Edge's outbound side, point it at `fedharness edge`";
      }
      // A path that ended without a verdict (skipped, or a client of the
      // partner server that could not log in) already says why.
      if (result.reason.empty()) {
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
      auto [run, result] = work_[next];
      auto started = std::chrono::steady_clock::now();
      co_await run_path(*run, *result);
      result->elapsed = std::chrono::steady_clock::now() - started;
      if (options_.transcripts) {
        options_.transcripts->write(run->scenario->id, result->spec->id,
                                    path_transcript(run->scenario->id, *result, started));
      }
      if (options_.on_path_done) {
        options_.on_path_done(++paths_done_, work_.size(),
                              fmt::format("{} ({})", result->spec->id, run->scenario->id));
      }
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
      if (path.partner_server) {
        continue;  // a real partner's certificate is not known before the handshake either
      }
      std::string key =
          fmt::format("{} {} {} {} {} {}", to_string(path.protocol), to_string(path.direction),
                      path.edge_domain, path.partner, path.policy.source.string(),
                      fmt::ptr(run.environment->partner_identity(path)));
      auto [prediction, added] = known.try_emplace(key);
      if (added) {
        prediction->second = predict_path(path, run.scenario->edge, *run.environment,
                                          options_.at.value_or(std::chrono::system_clock::now()));
      }
      result.predicted = prediction->second;
    }
  }

  // The partner connects to the Edge and verifies it with the path's policy.
  asio::awaitable<void> inbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    EdgePort& port = run.ports.at(service_of(path));
    tcp::endpoint target = port.endpoint;
    PeerName edge = PeerName::for_domain(path.edge_domain);
    PathEnd partner = partner_end(run, path, TlsRole::client);
    if (path.edge_target) {  // a real Edge, where edge_location put the path
      target = {asio::ip::make_address(path.edge_target->address), path.edge_target->port};
      // A partner that found the Edge through SRV checks the certificate
      // against the record's target (Lync; RFC 5922 §4 checks the domain).
      if (path.edge_target->record.starts_with("SRV ")) {
        edge.srv_target = path.edge_target->host;
      }
      if (!path.edge_target->dane.records.empty()) {
        partner.dane = &path.edge_target->dane;
      }
    }
    result.partner_end =
        co_await initiate(path.protocol, partner, target, path.partner, edge, run.deadlines);
    if (port.listener && result.partner_end->local_port != 0) {
      result.edge_end = co_await port.board->take(result.partner_end->local_port,
                                                  run.deadlines.of(Budget::answer));
    }
  }

  static tcp::endpoint partner_server_endpoint(const PathSpec& path) {
    if (!path.partner_server) {
      return {};
    }
    return {asio::ip::make_address(path.partner_server->address), path.partner_server->s2s_port};
  }

  // The Edge connects to a partner listening on loopback for this path only,
  // or to the path's real partner server.
  asio::awaitable<void> outbound(ScenarioRun& run, PathResult& result) {
    const PathSpec& path = *result.spec;
    PeerName partner_name = PeerName::for_domain(path.partner);
    if (path.partner_server) {
      result.edge_end =
          co_await initiate(path.protocol, edge_initiator(run, path), partner_server_endpoint(path),
                            path.edge_domain, partner_name, run.deadlines);
      co_return;
    }
    tcp::acceptor listener(co_await asio::this_coro::executor, kLoopback);
    PathEnd partner = partner_end(run, path, TlsRole::server);
    PathEnd edge = edge_initiator(run, path);

    auto accept_one = [&]() -> asio::awaitable<std::optional<ConnectionOutcome>> {
      auto [error, socket] = co_await listener.async_accept(nothrow);
      if (error) {
        co_return std::nullopt;  // the Edge never connected; its own end says why
      }
      std::vector<std::string> served{path.partner};
      co_return co_await accept(path.protocol, partner, std::move(socket), std::move(served),
                                run.deadlines);
    };
    auto connect = [&]() -> asio::awaitable<ConnectionOutcome> {
      ConnectionOutcome outcome = co_await initiate(path.protocol, edge, listener.local_endpoint(),
                                                    path.edge_domain, partner_name, run.deadlines);
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
      if (run.dialback && run.dialback->partner_authority) {
        run.dialback->partner_authority->stop();
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
  std::atomic<size_t> paths_done_{0};
  std::atomic<size_t> lanes_left_{0};
};

}  // namespace

std::vector<ScenarioResult> run_scenarios(const std::vector<Scenario>& scenarios,
                                          const RunOptions& options) {
  return Runner(scenarios, options).run();
}

}  // namespace fedharness
