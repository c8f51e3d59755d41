#include <fmt/core.h>
#include <fmt/ranges.h>

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <memory>

#include "cli/commands.hpp"
#include "edge/simulated_edge.hpp"
#include "net/tls_context.hpp"
#include "pki/certificate_info.hpp"
#include "pki/lab_pki_files.hpp"
#include "scenario/environment.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

using namespace net;

struct EdgeOptions {
  std::string topology;
  std::string cert;
  std::string key;
  std::string password_file;
  std::vector<std::string> defects;
  std::string trust;
  std::string policy = "lync";
  std::string listen = "127.0.0.1:5061";
  std::string lab_out;
  size_t connections = 0;
};

tcp::endpoint parse_listen(const std::string& text) {
  auto colon = text.rfind(':');
  error_code error;
  auto address =
      asio::ip::make_address(colon == std::string::npos ? "" : text.substr(0, colon), error);
  unsigned long port = 65536;
  if (!error) {
    try {
      port = std::stoul(text.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  if (error || port > 65535) {
    throw BadInput(fmt::format("--listen {}: expected ADDRESS:PORT, e.g. 127.0.0.1:5061", text));
  }
  return {address, static_cast<unsigned short>(port)};
}

void print_outcome(const tcp::endpoint& client, const ConnectionOutcome& outcome) {
  std::string peer = outcome.tls.peer_chain.empty()
                         ? std::string("no certificate")
                         : inspect_certificate(outcome.tls.peer_chain.front().get()).subject;
  if (outcome.passed) {
    fmt::print("{}:{} pass ({}; {})\n", client.address().to_string(), client.port(), peer,
               outcome.evidence);
  } else {
    fmt::print("{}:{} fail {} {} at {} ({}; {})\n", client.address().to_string(), client.port(),
               to_string(*outcome.code),
               outcome.side == Side::local ? "refused by the Edge" : "refused by the partner",
               outcome.stage, peer, outcome.evidence);
  }
  std::fflush(stdout);
}

int run_edge(const EdgeOptions& options) {
  Topology topology = load_topology(options.topology);
  std::vector<Defect> defects;
  for (const auto& text : options.defects) {
    defects.push_back(parse_defect(text));
  }
  if (!options.cert.empty() && !defects.empty()) {
    throw BadInput("--defect applies to the lab certificate, not to --cert");
  }
  LabPki lab = issue_lab_pki(derive_requirements(topology), {.defects = DefectSet(defects)});
  IssuedCredential user;
  const IssuedCredential* identity = &lab.edge;
  if (!options.cert.empty()) {
    user = load_user_credential({options.cert, options.key, options.password_file});
    identity = &user;
  }
  if (!options.lab_out.empty()) {
    write_lab_pki(lab, options.lab_out, kDefaultPkcs12Password, topology.access_fqdn);
  }
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(lab.root.certificate.get()));
  TrustStore trust = options.trust.empty() ? trust_store_from_certificates(anchors, "the lab root")
                                           : trust_store_from_file(options.trust);
  Policy policy = find_policy(options.policy);

  WorkerPool workers(1);
  std::atomic<size_t> served{0};
  std::unique_ptr<SimulatedEdge> edge;
  asio::signal_set signals(workers.context(0), SIGINT, SIGTERM);
  edge = std::make_unique<SimulatedEdge>(
      workers, parse_listen(options.listen),
      sip::AcceptorConfig{make_tls_context(TlsRole::server, policy, trust, identity),
                          &trust,
                          &policy,
                          topology.sip_domains,
                          {}},
      [&](const tcp::endpoint& client, ConnectionOutcome outcome) {
        print_outcome(client, outcome);
        if (options.connections != 0 && ++served == options.connections) {
          edge->stop();
          signals.cancel();
          workers.finish();
        }
      });
  signals.async_wait([&](const error_code& error, int) {
    if (!error) {
      edge->stop();
      workers.finish();
    }
  });
  auto endpoint = edge->sip_endpoint();
  fmt::print("simulated Edge {} listening for SIP/TLS on {}:{} (policy {}, domains {})\n",
             topology.access_fqdn, endpoint.address().to_string(), endpoint.port(), policy.name,
             fmt::join(topology.sip_domains, ", "));
  std::fflush(stdout);
  workers.run();
  return 0;
}

}  // namespace

void add_edge_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EdgeOptions>();
  CLI::App* command = app.add_subcommand(
      "edge",
      "Run the simulated Edge alone (SIP over TLS), for pointing real partners at it; one line "
      "per connection. Stops on Ctrl-C or after --connections.");
  command->add_option("--topology", options->topology, "Topology file (YAML)")->required();
  command->add_option("--cert", options->cert,
                      "The Edge's certificate (PEM with chain, or PKCS#12); default: the lab's");
  command->add_option("--key", options->key, "Its private key, when not in --cert");
  command->add_option("--password-file", options->password_file, "Password of --cert or --key");
  command->add_option("--defect", options->defects, "A defect of the lab certificate (repeatable)");
  command->add_option("--trust", options->trust,
                      "Roots the Edge trusts for partners (default: the lab root)");
  command->add_option("--policy", options->policy, "How the Edge verifies partners")
      ->capture_default_str();
  command->add_option("--listen", options->listen, "ADDRESS:PORT (port 0: any free port)")
      ->capture_default_str();
  command->add_option("--lab-out", options->lab_out,
                      "Write the lab PKI used here (root, partner material) into this folder");
  command->add_option("--connections", options->connections,
                      "Stop after this many connections (0: run until stopped)");
  command->callback([options, &exit_code] { exit_code = run_edge(*options); });
}

}  // namespace fedharness::cli
