#include "cli/probe_discovery.hpp"

#include <fmt/core.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <deque>
#include <iostream>

#include "net/connect.hpp"
#include "report/discovery_report.hpp"
#include "report/json_text.hpp"
#include "report/run_json.hpp"
#include "report/run_text.hpp"

namespace fedharness::cli {

using namespace net;

namespace {

using Discover = std::function<asio::awaitable<dns::Discovery>(dns::Resolver&, std::mt19937&)>;

// A probe by name: discovery, then the paths, each judged as `probe.path` with an id that
// says where it went: "127.0.0.2:5061 (sip.fabrikam.com)".
class ProbeByName {
 public:
  ProbeByName(const NamedProbe& probe, const ProbeConnector& connect)
      : probe_(probe), connect_(connect) {}

  asio::awaitable<void> run(const Discover& discover) {
    dns::Resolver resolver(co_await asio::this_coro::executor, probe_.resolver);
    discovery_ = co_await discover(resolver, random_);
    // Every address of every target, in the order a client tries them: a
    // partner may reach any of them.
    for (const dns::ServiceTarget& target : discovery_.targets) {
      for (const asio::ip::address& address : target.addresses) {
        co_await probe_one(target, tcp::endpoint(address, target.port));
      }
    }
  }

  const dns::Discovery& discovery() const { return discovery_; }
  const std::vector<PathResult>& results() const { return results_; }

 private:
  asio::awaitable<void> probe_one(const dns::ServiceTarget& target, tcp::endpoint endpoint) {
    std::string where = endpoint_text(endpoint);
    ProbeTranscript transcript = probe_transcript(*probe_.capture, probe_.protocol, where);
    auto started = std::chrono::steady_clock::now();
    DaneRecords dane{target.tlsa_name, target.tlsa};
    ConnectionOutcome outcome = co_await connect_(
        {&target, endpoint, transcript.recorder.get(), dane.records.empty() ? nullptr : &dane});
    PathSpec& spec = specs_.emplace_back(*probe_.path);
    spec.id = fmt::format("{} ({})", where, target.host);
    if (target.direct_tls) {
      spec.transport = XmppTransport::direct_tls;
    }
    results_.push_back(judge_probe(spec, std::move(outcome), probe_.end, transcript, started));
  }

  const NamedProbe& probe_;
  const ProbeConnector& connect_;
  // RFC 2782's weighted choice. A member, not a local of run(): 5 KB in a
  // coroutine frame makes GCC 12 warn, wrongly, that the frame's allocation
  // and deallocation do not match (-Wmismatched-new-delete, GCC bug 109224).
  std::mt19937 random_{std::random_device{}()};
  dns::Discovery discovery_;
  std::deque<PathSpec> specs_;  // a PathResult points at its spec: no reallocation
  std::vector<PathResult> results_;
};

int run_named_probe(const NamedProbe& probe, const Discover& discover,
                    const ProbeConnector& connect) {
  asio::io_context io(1);
  ProbeByName run(probe, connect);
  asio::co_spawn(io, run.run(discover), [](std::exception_ptr error) {
    if (error) {
      std::rethrow_exception(error);
    }
  });
  io.run();
  const dns::Discovery& discovery = run.discovery();
  bool passed = discovery.passed();
  for (const PathResult& result : run.results()) {
    passed = passed && result.observed.passed;
  }
  if (probe.output.format == OutputFormat::json) {
    boost::json::array json_paths;
    for (const PathResult& result : run.results()) {
      json_paths.push_back(path_to_json(result));
    }
    std::cout << to_json_text(boost::json::object{{"discovery", discovery_to_json(discovery)},
                                                  {"paths", json_paths}})
              << '\n';
  } else {
    print_discovery_text(std::cout, discovery);
    for (const PathResult& result : run.results()) {
      print_path_text(std::cout, result, probe.output.style());
    }
  }
  return passed ? 0 : 1;
}

}  // namespace

int probe_domain(const NamedProbe& probe, const std::string& domain, ProbeConnector connect) {
  return run_named_probe(
      probe,
      [&](dns::Resolver& resolver, std::mt19937& random) {
        return probe.protocol == Protocol::sip
                   ? dns::discover_sip_federation(resolver, domain, random)
                   : dns::discover_xmpp_server(resolver, domain, random);
      },
      connect);
}

int probe_host(const NamedProbe& probe, const std::string& host, uint16_t port,
               ProbeConnector connect) {
  return run_named_probe(
      probe,
      [&](dns::Resolver& resolver, std::mt19937&) {
        return dns::discover_host(resolver, host, port);
      },
      connect);
}

}  // namespace fedharness::cli
