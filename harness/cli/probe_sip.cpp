#include <fmt/core.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/endpoint.hpp"
#include "cli/probe.hpp"
#include "net/tls_context.hpp"
#include "sip/initiator.hpp"
#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

using namespace net;

struct ProbeOptions {
  std::string target;
  std::string name;
  std::string domain;
  std::string from = "fedharness.invalid";
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string policy = "lync";
  std::string format = "text";
  CaptureOptions capture;
  std::vector<std::string> deadlines;
};

int run_sip_probe(const ProbeOptions& options) {
  OutputFormat format = parse_output_format(options.format);
  tcp::endpoint target = parse_endpoint(options.target);
  std::string name = lowercase_ascii(options.name);
  if (!is_fully_qualified_host_name(name)) {
    throw BadInput(fmt::format("--name {}: not a fully qualified domain name", options.name));
  }
  // The SRV target is sip.<domain> by convention; the domain itself is what
  // RFC 5922 compares.
  std::string domain = options.domain.empty() ? (name.starts_with("sip.") ? name.substr(4) : name)
                                              : lowercase_ascii(options.domain);
  PathSpec path{.id = "probe",
                .direction = Direction::inbound,
                .edge_domain = domain,
                .partner = lowercase_ascii(options.from),
                .policy = find_policy(options.policy)};
  TrustStore trust = trust_store_from_file(options.trust);
  std::optional<IssuedCredential> identity =
      load_probe_identity(options.cert, options.key, options.password_file);

  Capture capture = open_capture(options.capture);
  ProbeTranscript transcript = probe_transcript(capture, Protocol::sip, options.target);
  auto tls = make_tls_context(TlsRole::client, path.policy, trust, identity ? &*identity : nullptr);
  capture.attach(*tls);
  sip::InitiatorConfig config{target,
                              path.partner,
                              {domain, name},
                              tls,
                              &trust,
                              &path.policy,
                              Deadlines().with(parse_deadlines(options.deadlines)),
                              transcript.recorder.get()};
  int status = run_probe(path, sip::initiate_options(std::move(config)), format, transcript);
  capture.report_failures();
  return status;
}

}  // namespace

void add_probe_sip_command(CLI::App& probe, int& exit_code) {
  auto options = std::make_shared<ProbeOptions>();
  CLI::App* command = probe.add_subcommand(
      "sip",
      "Connect to a real SIP endpoint over TLS as a federation partner would, present a client "
      "certificate (none without --cert), send OPTIONS and report the verdict. Exit 0 pass, 1 "
      "fail, 2 bad input.");
  command->add_option("target", options->target, "HOST:PORT of the endpoint")->required();
  command
      ->add_option("--name", options->name,
                   "SRV target the certificate must cover (sip.<domain>); also the SNI")
      ->required();
  command->add_option("--domain", options->domain,
                      "Domain federated with (default: --name without 'sip.')");
  command->add_option("--from", options->from, "Our domain, in From")->capture_default_str();
  command->add_option("--cert", options->cert, "Our certificate (PEM with chain, or PKCS#12)");
  command->add_option("--key", options->key, "Our private key, when not in --cert");
  command->add_option("--password-file", options->password_file,
                      "Password of --cert (PKCS#12) or --key");
  command->add_option("--trust", options->trust, "Roots we trust for the endpoint's certificate")
      ->required();
  command->add_option("--policy", options->policy, "How we verify the endpoint")
      ->capture_default_str();
  command->add_option("--format", options->format, "text or json")->capture_default_str();
  add_capture_options(*command, options->capture, "one file, DIR/probe-sip-<target>.txt");
  add_deadline_option(*command, options->deadlines);
  command->callback([options, &exit_code] { exit_code = run_sip_probe(*options); });
}

}  // namespace fedharness::cli
