#include <fmt/core.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/endpoint.hpp"
#include "cli/probe.hpp"
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
  std::string format = "text";
  CaptureOptions capture;
  std::vector<std::string> deadlines;
  bool direct_tls = false;
  std::string as = "partner";
};

std::string domain_option(const std::string& option, const std::string& value) {
  std::string domain = lowercase_ascii(value);
  if (!is_fully_qualified_host_name(domain)) {
    throw BadInput(fmt::format("{} {}: not a fully qualified domain name", option, value));
  }
  return domain;
}

int run_xmpp_probe(const XmppProbeOptions& options) {
  OutputFormat format = parse_output_format(options.format);
  tcp::endpoint target = parse_endpoint(options.target);
  if (options.as != "partner" && options.as != "edge") {
    throw BadInput(fmt::format("--as {}: expected partner or edge", options.as));
  }
  ProbeEnd end = options.as == "edge" ? ProbeEnd::edge : ProbeEnd::partner;
  std::string from = domain_option("--from", options.from);
  std::string to = domain_option("--to", options.to);
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

  Capture capture = open_capture(options.capture);
  ProbeTranscript transcript = probe_transcript(capture, Protocol::xmpp, options.target);
  auto tls = make_tls_context(TlsRole::client, path.policy, trust, identity ? &*identity : nullptr);
  capture.attach(*tls);
  xmpp::InitiatorConfig config{target,
                               from,
                               to,
                               tls,
                               &trust,
                               &path.policy,
                               Deadlines().with(parse_deadlines(options.deadlines)),
                               options.direct_tls};
  config.transcript = transcript.recorder.get();
  int status = run_probe(path, xmpp::initiate_stream(std::move(config)), format, transcript, end);
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
  command->add_option("target", options->target, "HOST:PORT of the server (5269)")->required();
  command->add_option("--from", options->from, "Our domain (stream from, SASL authzid)")
      ->required();
  command->add_option("--to", options->to, "The domain the server hosts (stream to, SNI)")
      ->required();
  command->add_option("--cert", options->cert, "Our certificate (PEM with chain, or PKCS#12)");
  command->add_option("--key", options->key, "Our private key, when not in --cert");
  command->add_option("--password-file", options->password_file,
                      "Password of --cert (PKCS#12) or --key");
  command->add_option("--trust", options->trust, "Roots we trust for the server's certificate")
      ->required();
  command->add_option("--policy", options->policy, "How we verify the server")
      ->capture_default_str();
  command->add_option("--format", options->format, "text or json")->capture_default_str();
  command
      ->add_option("--as", options->as,
                   "Which end we play: partner (an XMPP partner connecting to an Edge) or edge "
                   "(the Edge connecting to a partner's server); only the report's labels differ")
      ->capture_default_str();
  add_capture_options(*command, options->capture, "one file, DIR/probe-xmpp-<target>.txt");
  add_deadline_option(*command, options->deadlines);
  command->add_flag("--direct-tls", options->direct_tls,
                    "TLS from the first byte (XEP-0368, ALPN xmpp-server), no STARTTLS");
  command->callback([options, &exit_code] { exit_code = run_xmpp_probe(*options); });
}

}  // namespace fedharness::cli
