#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/at_option.hpp"
#include "cli/commands.hpp"
#include "cli/output_format.hpp"
#include "cli/partners_option.hpp"
#include "cli/topology_warnings.hpp"
#include "pki/certificate_info.hpp"
#include "report/json_text.hpp"
#include "report/renewal_report.hpp"
#include "scenario/renewal_whatif.hpp"

namespace fedharness::cli {
namespace {

struct WhatIfOptions {
  std::string topology;
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string renewals;
  std::string partners = "all";
  std::string at;
  OutputOptions output;
};

std::string renewal_help() {
  std::string help =
      "How the next CA will issue the certificate: shapes joined by + make one renewal, "
      "renewals are separated by commas (serverauth-only,serverauth-only+lifetime:47):";
  for (const RenewalShapeInfo& shape : renewal_shapes()) {
    help += fmt::format("\n  {:<24} {}", shape.name, shape.description);
  }
  return help;
}

int run_whatif(const WhatIfOptions& options) {
  OutputChoice output = output_choice(options.output);
  std::vector<Renewal> renewals = parse_renewals(options.renewals);
  std::vector<Policy> policies = partner_policies(options.partners);
  std::optional<std::chrono::system_clock::time_point> at = parse_at(options.at);
  Topology topology = load_topology(options.topology);
  TopologyWarnings().print(topology);
  RenewalWhatIf whatif =
      run_renewal_whatif(topology, {options.cert, options.key, options.password_file},
                         partner_trust(options.trust), renewals, policies, at);
  if (output.format == OutputFormat::json) {
    boost::json::value json = renewal_whatif_to_json(whatif);
    json.as_object()["judged_at"] =
        at ? boost::json::value(iso8601_utc(*at)) : boost::json::value(nullptr);
    std::cout << to_json_text(json) << '\n';
  } else {
    if (at) {
      std::cout << "Judged as of " << iso8601_utc(*at) << ", not now (--at)\n";
    }
    print_renewal_whatif_text(std::cout, whatif, output.color);
  }
  bool breaks = std::ranges::any_of(whatif.after, [&](const RenewalResult& result) {
    return std::ranges::any_of(changes_of(whatif, result), &PartnerChange::breaks);
  });
  return breaks ? 1 : 0;
}

}  // namespace

void add_certs_whatif_command(CLI::App& certs, int& exit_code) {
  auto options = std::make_shared<WhatIfOptions>();
  CLI::App* command = certs.add_subcommand(
      "whatif",
      "Who breaks when the certificate is renewed in another shape? Re-issues it from a lab CA "
      "standing in for the public one and runs the partner matrix (real handshakes) before and "
      "after. Exit 0 when no renewal turns a partner's pass into a failure, 1 when one does, 2 "
      "for bad input.");
  command->add_option("--topology", options->topology, "Topology file (YAML)")->required();
  command
      ->add_option("--cert", options->cert,
                   "The certificate as installed now: PEM (leaf first, then the chain; may hold "
                   "the key), or PKCS#12")
      ->required();
  command->add_option("--key", options->key, "Its private key (PEM or DER), if not in --cert");
  command->add_option("--password-file", options->password_file,
                      "Password of the PKCS#12 file or of an encrypted key");
  command->add_option("--trust", options->trust,
                      "Roots the partners trust for the certificate as it is (PEM bundle); "
                      "default: the system trust store");
  command->add_option("--renewal", options->renewals, renewal_help())->required();
  command
      ->add_option("--partners", options->partners,
                   "all (the built-in policies) or POLICY,... (names or policy files)")
      ->capture_default_str();
  add_at_option(*command, options->at);
  add_output_options(*command, options->output);
  command->callback([options, &exit_code] { exit_code = run_whatif(*options); });
}

}  // namespace fedharness::cli
