#include <fmt/core.h>

#include <algorithm>
#include <memory>

#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/endpoint.hpp"
#include "cli/probe.hpp"
#include "cli/probe_discovery.hpp"
#include "cli/resolver_option.hpp"
#include "net/tls_context.hpp"
#include "pki/certificate_info.hpp"
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
  std::string from;  // empty: the certificate's domain, or fedharness.invalid without one
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string policy = "lync";
  OutputOptions output;
  CaptureOptions capture;
  std::vector<std::string> deadlines;
  ResolverFlags resolver;
};

// The domain federated with: --domain, else the domain typed to discover,
// else the SRV target without its conventional "sip." (RFC 5922 compares
// the domain, Lync the SRV target).
std::string federated_domain(const ProbeOptions& options, const ProbeTarget& target,
                             const std::optional<std::string>& name) {
  if (!options.domain.empty()) {
    return lowercase_ascii(options.domain);
  }
  if (!target.port) {
    return target.host;
  }
  std::string host = name.value_or(target.host);
  return host.starts_with("sip.") ? host.substr(4) : host;
}

// Our domain, in From, when --from does not say: the domain the certificate
// is for, since a partner checks From against it (Lync, RFC 5922 §7.2): its
// first DNS SAN that is a domain rather than a "sip." host, else the first
// without "sip.", else its CN. Without a certificate nothing can match, and
// RFC 2606 reserves .invalid for names that must not resolve.
std::string default_from(const std::optional<IssuedCredential>& identity) {
  if (!identity) {
    return "fedharness.invalid";
  }
  CertificateInfo info = inspect_certificate(identity->certificate.get());
  auto domain_like = [](const std::string& name) {
    return !name.starts_with("sip.") && !name.starts_with("*.");
  };
  if (auto found = std::ranges::find_if(info.dns_names, domain_like);
      found != info.dns_names.end()) {
    return *found;
  }
  std::string name =
      info.dns_names.empty() ? lowercase_ascii(info.common_name) : info.dns_names.front();
  return name.starts_with("sip.") ? name.substr(4) : name;
}

int run_sip_probe(const ProbeOptions& options) {
  OutputChoice output = output_choice(options.output);
  ProbeTarget target = parse_probe_target(options.target);
  std::optional<std::string> name;
  if (!options.name.empty()) {
    name = lowercase_ascii(options.name);
    if (!is_fully_qualified_host_name(*name)) {
      throw BadInput(fmt::format("--name {}: not a fully qualified domain name", options.name));
    }
  } else if (target.address) {
    throw BadInput(
        fmt::format("{}: an address needs --name, the SRV target the certificate "
                    "must cover (sip.<domain>)",
                    options.target));
  }
  std::string domain = federated_domain(options, target, name);
  std::optional<IssuedCredential> identity =
      load_probe_identity(options.cert, options.key, options.password_file);
  PathSpec path{
      .id = "probe",
      .direction = Direction::inbound,
      .edge_domain = domain,
      .partner = options.from.empty() ? default_from(identity) : lowercase_ascii(options.from),
      .policy = find_policy(options.policy)};
  TrustStore trust = trust_store_from_file(options.trust);
  Deadlines deadlines = Deadlines().with(parse_deadlines(options.deadlines));

  Capture capture = open_capture(options.capture);
  auto tls = make_tls_context(TlsRole::client, path.policy, trust, identity ? &*identity : nullptr);
  capture.attach(*tls);
  auto connect = [&](const tcp::endpoint& endpoint, const std::string& srv_target,
                     Transcript* transcript, const DaneRecords* dane) {
    return sip::initiate_options({endpoint,
                                  path.partner,
                                  {domain, srv_target},
                                  tls,
                                  &trust,
                                  &path.policy,
                                  deadlines,
                                  transcript,
                                  dane});
  };
  int status = 0;
  if (target.address) {
    ProbeTranscript transcript = probe_transcript(capture, Protocol::sip, options.target);
    status = run_probe(
        path, connect({*target.address, *target.port}, *name, transcript.recorder.get(), nullptr),
        output, transcript);
  } else {
    // By name: each target is checked as the SRV target it is, unless --name says otherwise.
    NamedProbe probe{Protocol::sip,
                     &path,
                     output,
                     &capture,
                     ProbeEnd::partner,
                     resolver_options(options.resolver, deadlines)};
    ProbeConnector connector = [&](const ProbeConnection& connection) {
      return connect(connection.endpoint, name.value_or(connection.target->host),
                     connection.transcript, connection.dane);
    };
    status = target.port ? probe_host(probe, target.host, *target.port, connector)
                         : probe_domain(probe, target.host, connector);
  }
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
  command
      ->add_option("target", options->target,
                   "A domain, to find its Access Edges as partners do (SRV "
                   "_sipfederationtls._tcp), or HOST:PORT of one endpoint")
      ->required();
  command->add_option("--name", options->name,
                      "SRV target the certificate must cover (sip.<domain>), also the SNI "
                      "(default: each SRV target found, or HOST; needed with an address)");
  command->add_option("--domain", options->domain,
                      "Domain federated with (default: --name without 'sip.')");
  command->add_option("--from", options->from,
                      "Our domain, in From (default: the domain --cert is for, else "
                      "fedharness.invalid)");
  command->add_option("--cert", options->cert, "Our certificate (PEM with chain, or PKCS#12)");
  command->add_option("--key", options->key, "Our private key, when not in --cert");
  command->add_option("--password-file", options->password_file,
                      "Password of --cert (PKCS#12) or --key");
  command->add_option("--trust", options->trust, "Roots we trust for the endpoint's certificate")
      ->required();
  command->add_option("--policy", options->policy, "How we verify the endpoint")
      ->capture_default_str();
  add_output_options(*command, options->output);
  add_capture_options(*command, options->capture, "one file, DIR/probe-sip-<target>.txt");
  add_deadline_option(*command, options->deadlines);
  add_resolver_options(*command, options->resolver);
  command->callback([options, &exit_code] { exit_code = run_sip_probe(*options); });
}

}  // namespace fedharness::cli
