#include <fmt/core.h>

#include <array>
#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <memory>

#include "cli/capture_options.hpp"
#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/defect_option.hpp"
#include "cli/edge_log.hpp"
#include "cli/endpoint.hpp"
#include "cli/output_format.hpp"
#include "cli/partners_option.hpp"
#include "cli/topology_warnings.hpp"
#include "edge/listener.hpp"
#include "net/connect.hpp"
#include "net/tls_context.hpp"
#include "pki/certificate_info.hpp"
#include "pki/lab_pki_files.hpp"
#include "scenario/environment.hpp"
#include "scenario/protocol_ends.hpp"
#include "topology/requirements.hpp"
#include "transcript/printable.hpp"
#include "transcript/transcript_text.hpp"
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
  std::string xmpp_policy = "lync-xmpp";
  std::string listen = "127.0.0.1:5061";
  std::string xmpp_listen;
  std::string xmpp_tls_listen;
  std::string lab_out;
  std::vector<std::string> partners{"partner.example"};
  size_t connections = 0;
  CaptureOptions capture;
  std::vector<std::string> deadlines;
  OutputOptions output;
};

// One accepted connection, each verdict told to `log` as it is reached and
// its end with how long it lasted.
asio::awaitable<ConnectionOutcome> serve_logged(Protocol protocol, PathEnd end, tcp::socket socket,
                                                std::vector<std::string> domains,
                                                Deadlines deadlines, EdgeLog& log) {
  error_code ignored;
  tcp::endpoint peer = socket.remote_endpoint(ignored);
  end.on_event = [&log, peer, protocol](const ConnectionEvent& event) {
    log.event(peer, protocol, event);
  };
  auto started = std::chrono::steady_clock::now();
  ConnectionOutcome outcome =
      co_await accept(protocol, end, std::move(socket), std::move(domains), deadlines);
  log.closed(peer, protocol, outcome, std::chrono::steady_clock::now() - started);
  co_return outcome;
}

// One file per connection, numbered in the order they ended, its times from
// when the Edge accepted it.
void write_transcript(TranscriptDirectory& transcripts, size_t number, Protocol protocol,
                      const tcp::endpoint& client, const ConnectionOutcome& outcome) {
  std::string text = fmt::format(
      "# fedharness edge: {} connection {}\n# {}\n", to_string(protocol), number,
      printable_line(fmt::format("{} {}", endpoint_text(client), describe_outcome(outcome))));
  std::array ends{LabelledTranscript{"edge", outcome.transcript.get()}};
  text += transcript_text(ends, outcome.transcript->started());
  transcripts.write("",
                    fmt::format("{:04}-{}-{}-{}", number, to_string(protocol),
                                client.address().to_string(), client.port()),
                    text);
}

int run_edge(const EdgeOptions& options) {
  EdgeLog log(output_choice(options.output));
  Topology topology = load_topology(options.topology);
  TopologyWarnings().print(topology);
  DefectSet defects = defect_options(options.defects);
  if (!options.cert.empty() && !defects.all().empty()) {
    throw BadInput("--defect applies to the lab certificate, not to --cert");
  }
  LabPki lab =
      issue_lab_pki(derive_requirements(topology),
                    {.defects = defects, .partner_domains = partner_domains(options.partners)});
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
  Policy sip_policy = find_policy(options.policy);
  Policy xmpp_policy = find_policy(options.xmpp_policy);

  Deadlines deadlines = Deadlines().with(parse_deadlines(options.deadlines));
  Capture capture = open_capture(options.capture);
  WorkerPool workers(1);
  std::atomic<size_t> served{0};
  std::vector<std::unique_ptr<Listener>> listeners;
  asio::signal_set signals(workers.context(0), SIGINT, SIGTERM);
  auto stop = [&] {
    for (auto& listener : listeners) {
      listener->stop();
    }
    signals.cancel();
    workers.finish();
  };
  auto on_outcome = [&](Protocol protocol, const tcp::endpoint& client,
                        const ConnectionOutcome& outcome) {
    size_t number = ++served;
    if (capture.transcripts && outcome.transcript) {
      write_transcript(*capture.transcripts, number, protocol, client, outcome);
    }
    if (options.connections != 0 && number == options.connections) {
      stop();
    }
  };
  auto listen = [&](Protocol protocol, bool direct_tls, std::string_view option,
                    const std::string& address, const Policy& policy,
                    const std::vector<std::string>& domains) {
    auto tls = make_tls_context(TlsRole::server, policy, trust, identity);
    capture.attach(*tls);
    PathEnd edge{.tls = tls, .trust = &trust, .policy = &policy, .direct_tls = direct_tls};
    edge.transcribe = capture.transcripts != nullptr;
    listeners.push_back(std::make_unique<Listener>(
        workers, parse_listen(option, address),
        [protocol, edge, domains, deadlines, &log](tcp::socket socket) {
          return serve_logged(protocol, edge, std::move(socket), domains, deadlines, log);
        },
        [&on_outcome, protocol](const tcp::endpoint& client, ConnectionOutcome outcome) {
          on_outcome(protocol, client, outcome);
        }));
    log.listening(topology.access_fqdn,
                  protocol == Protocol::sip ? "SIP/TLS"
                  : direct_tls              ? "XMPP s2s with direct TLS"
                                            : "XMPP s2s",
                  listeners.back()->endpoint(), policy.name, domains);
  };
  listen(Protocol::sip, false, "--listen", options.listen, sip_policy, topology.sip_domains);
  if (!options.xmpp_listen.empty()) {
    listen(Protocol::xmpp, false, "--xmpp-listen", options.xmpp_listen, xmpp_policy,
           topology.xmpp_domains);
  }
  if (!options.xmpp_tls_listen.empty()) {
    listen(Protocol::xmpp, true, "--xmpp-tls-listen", options.xmpp_tls_listen, xmpp_policy,
           topology.xmpp_domains);
  }
  signals.async_wait([&](const error_code& error, int) {
    if (!error) {
      stop();
    }
  });
  std::fflush(stdout);
  workers.run();
  capture.report_failures();
  return 0;
}

}  // namespace

void add_edge_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EdgeOptions>();
  CLI::App* command = app.add_subcommand(
      "edge",
      "Run the simulated Edge alone (SIP over TLS, and XMPP s2s with --xmpp-listen), for pointing "
      "real partners at it; a line per verdict as it is reached (the handshake's, each "
      "request's or stream step's, the connection's end), as text or JSON lines. Stops on "
      "Ctrl-C or after --connections.");
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
  command->add_option("--listen", options->listen, "SIP/TLS ADDRESS:PORT (port 0: any free port)")
      ->capture_default_str();
  command->add_option("--xmpp-listen", options->xmpp_listen,
                      "Also serve XMPP server-to-server on ADDRESS:PORT (5269 on a real Edge)");
  command->add_option("--xmpp-tls-listen", options->xmpp_tls_listen,
                      "Also serve XMPP server-to-server with direct TLS (XEP-0368, ALPN "
                      "xmpp-server) on ADDRESS:PORT (5270 by custom)");
  command->add_option("--xmpp-policy", options->xmpp_policy, "How the Edge verifies XMPP partners")
      ->capture_default_str();
  command->add_option("--lab-out", options->lab_out,
                      "Write the lab PKI used here into this folder: the root the Edge trusts "
                      "partners under, the Edge's certificate, and partner-DOMAIN.pem, "
                      "-chain.pem and .key for each --partner");
  command
      ->add_option("--partner", options->partners,
                   "A partner domain to issue a certificate for, which a partner (probe sip "
                   "--cert, a real server) presents to this Edge (repeatable)")
      ->capture_default_str();
  command->add_option("--connections", options->connections,
                      "Stop after this many connections (0: run until stopped)");
  add_capture_options(*command, options->capture,
                      "one file per connection, DIR/<number>-<protocol>-<client>-<port>.txt");
  add_deadline_option(*command, options->deadlines);
  add_output_options(*command, options->output);
  command->callback([options, &exit_code] { exit_code = run_edge(*options); });
}

}  // namespace fedharness::cli
