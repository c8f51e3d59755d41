#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/endpoint.hpp"
#include "net/tls_context.hpp"
#include "report/run_json.hpp"
#include "report/run_text.hpp"
#include "scenario/environment.hpp"
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
};

int run_probe(const ProbeOptions& options) {
  if (options.format != "text" && options.format != "json") {
    throw BadInput(fmt::format("--format {}: expected text or json", options.format));
  }
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
  std::optional<IssuedCredential> identity;
  if (!options.cert.empty()) {
    identity = load_user_credential({options.cert, options.key, options.password_file});
  } else if (!options.key.empty()) {
    throw BadInput("--key without --cert: give the certificate too");
  }

  asio::io_context io(1);
  sip::InitiatorConfig config{
      target,
      path.partner,
      {domain, name},
      make_tls_context(TlsRole::client, path.policy, trust, identity ? &*identity : nullptr),
      &trust,
      &path.policy,
      {}};
  PathResult result{.spec = &path};
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        result.partner_end = co_await sip::initiate_options(std::move(config));
      },
      asio::detached);
  io.run();
  result.observed = observe_path(std::nullopt, result.partner_end);
  judge(result);

  if (options.format == "json") {
    std::cout << boost::json::serialize(path_to_json(result)) << '\n';
  } else {
    print_path_text(std::cout, result);
  }
  return result.observed.passed ? 0 : 1;
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
  command->callback([options, &exit_code] { exit_code = run_probe(*options); });
}

}  // namespace fedharness::cli
