#include <fmt/core.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/endpoint.hpp"
#include "cli/probe.hpp"
#include "cli/probe_discovery.hpp"
#include "cli/resolver_option.hpp"
#include "cli/return_stream_listener.hpp"
#include "net/tls_context.hpp"
#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"
#include "xmpp/initiator.hpp"

namespace fedharness::cli {
namespace {

using namespace net;

struct XmppProbeOptions {
  std::string target;
  std::string from;
  std::string to;
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string policy = "xmpp-rfc6120";
  OutputOptions output;
  CaptureOptions capture;
  std::vector<std::string> deadlines;
  bool direct_tls = false;
  std::string as = "partner";
  ResolverFlags resolver;
  std::string listen;
};

std::string domain_option(const std::string& option, const std::string& value) {
  std::string domain = lowercase_ascii(value);
  if (!is_fully_qualified_host_name(domain)) {
    throw BadInput(fmt::format("{} {}: not a fully qualified domain name", option, value));
  }
  return domain;
}

int run_xmpp_probe(const XmppProbeOptions& options) {
  OutputChoice output = output_choice(options.output);
  ProbeTarget target = parse_probe_target(options.target);
  if (options.as != "partner" && options.as != "edge") {
    throw BadInput(fmt::format("--as {}: expected partner or edge", options.as));
  }
  ProbeEnd end = options.as == "edge" ? ProbeEnd::edge : ProbeEnd::partner;
  std::string from = domain_option("--from", options.from);
  if (options.to.empty() && target.address) {
    throw BadInput(
        fmt::format("{}: an address needs --to, the domain the server hosts", options.target));
  }
  // The domain the server hosts: --to, else the domain (or host) typed.
  std::string to = options.to.empty() ? target.host : domain_option("--to", options.to);
  // The report names the Edge's domain and the partner's as the path's ends.
  PathSpec path{.id = "probe",
                .protocol = Protocol::xmpp,
                .direction = end == ProbeEnd::edge ? Direction::outbound : Direction::inbound,
                .edge_domain = end == ProbeEnd::edge ? from : to,
                .partner = end == ProbeEnd::edge ? to : from,
                .policy = find_policy(options.policy)};
  TrustStore trust = trust_store_from_file(options.trust);
  std::optional<IssuedCredential> identity =
      load_probe_identity(options.cert, options.key, options.password_file);
  Deadlines deadlines = Deadlines().with(parse_deadlines(options.deadlines));

  // A server without bidi answers over a stream of its own to `from`'s
  // server: with --listen, the probe is that server too.
  std::unique_ptr<ReturnStreamListener> return_streams;
  if (!options.listen.empty()) {
    if (!identity) {
      throw BadInput("--listen needs --cert: the server's stream back authenticates ours too");
    }
    return_streams = std::make_unique<ReturnStreamListener>(
        parse_listen("--listen", options.listen), from, *identity, trust, path.policy, deadlines);
  }

  Capture capture = open_capture(options.capture);
  auto tls = make_tls_context(TlsRole::client, path.policy, trust, identity ? &*identity : nullptr);
  capture.attach(*tls);
  auto connect = [&](const tcp::endpoint& endpoint, bool direct_tls, Transcript* transcript,
                     const DaneRecords* dane) {
    xmpp::InitiatorConfig config{endpoint, from,         to,        tls,
                                 &trust,   &path.policy, deadlines, direct_tls};
    config.transcript = transcript;
    config.dane = dane;
    config.answers = return_streams ? return_streams->answers() : nullptr;
    return xmpp::initiate_stream(std::move(config));
  };
  int status = 0;
  if (target.address) {
    ProbeTranscript transcript = probe_transcript(capture, Protocol::xmpp, options.target);
    status = run_probe(path,
                       connect({*target.address, *target.port}, options.direct_tls,
                               transcript.recorder.get(), nullptr),
                       output, transcript, end);
  } else {
    // By name: each SRV target as its record says, direct TLS or STARTTLS.
    NamedProbe probe{Protocol::xmpp, &path, output,
                     &capture,       end,   resolver_options(options.resolver, deadlines)};
    ProbeConnector connector = [&](const ProbeConnection& connection) {
      return connect(connection.endpoint, options.direct_tls || connection.target->direct_tls,
                     connection.transcript, connection.dane);
    };
    status = target.port ? probe_host(probe, target.host, *target.port, connector)
                         : probe_domain(probe, target.host, connector);
  }
  capture.report_failures();
  return status;
}

}  // namespace

void add_probe_xmpp_command(CLI::App& probe, int& exit_code) {
  auto options = std::make_shared<XmppProbeOptions>();
  CLI::App* command = probe.add_subcommand(
      "xmpp",
      "Open a server-to-server XMPP stream to a real server as a federating server would "
      "(STARTTLS, SASL EXTERNAL with --cert, ping) and report the verdict. Exit 0 pass, 1 fail, "
      "2 bad input.");
  command
      ->add_option("target", options->target,
                   "A domain, to find its servers as partners do (SRV _xmpps-server._tcp and "
                   "_xmpp-server._tcp, else the domain on 5269), or HOST:PORT of one server")
      ->required();
  command->add_option("--from", options->from, "Our domain (stream from, SASL authzid)")
      ->required();
  command->add_option("--to", options->to,
                      "The domain the server hosts, stream to and SNI (default: the domain or "
                      "host given; needed with an address)");
  command->add_option("--cert", options->cert, "Our certificate (PEM with chain, or PKCS#12)");
  command->add_option("--key", options->key, "Our private key, when not in --cert");
  command->add_option("--password-file", options->password_file,
                      "Password of --cert (PKCS#12) or --key");
  command->add_option("--trust", options->trust, "Roots we trust for the server's certificate")
      ->required();
  command->add_option(
      "--listen", options->listen,
      "Also listen on ADDRESS:PORT as --from's server, where its _xmpp-server._tcp SRV record (or "
      "its address, on 5269) points: a server without bidi (XEP-0288) answers over a stream of "
      "its own to it. Without it, such a server passes on the authentication alone");
  command->add_option("--policy", options->policy, "How we verify the server")
      ->capture_default_str();
  add_output_options(*command, options->output);
  command
      ->add_option("--as", options->as,
                   "Which end we play: partner (an XMPP partner connecting to an Edge) or edge "
                   "(the Edge connecting to a partner's server); only the report's labels differ")
      ->capture_default_str();
  add_capture_options(*command, options->capture, "one file, DIR/probe-xmpp-<target>.txt");
  add_deadline_option(*command, options->deadlines);
  add_resolver_options(*command, options->resolver);
  command->add_flag("--direct-tls", options->direct_tls,
                    "TLS from the first byte (XEP-0368, ALPN xmpp-server), no STARTTLS");
  command->callback([options, &exit_code] { exit_code = run_xmpp_probe(*options); });
}

}  // namespace fedharness::cli
